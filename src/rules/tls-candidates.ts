import type { Candidate, Difference, EnvResources, NormalizedResource, ResourcePair } from '../types.js';
import { pairValues, type PairScope } from './candidate.js';
import {
  computePostures, endpointSignature, endpointState, inboundState, INBOUND_ASPECTS,
  type EndpointPosture, type WorkloadPosture,
} from './tls-posture.js';
import { claimKey, ClaimResolver, type RelatedPath } from './tls/claim-resolver.js';
import { edgeCandidates } from './tls/edge-candidates.js';
import { namespaceSettingChanges } from './tls/namespace-posture.js';
import { addPostureCandidate, workloadName, type PostureRun } from './tls/posture-run.js';
import type { Claim, ContainerCertPosture, DecidingField } from './tls/types.js';

export { claimKey };

export interface TlsPairContext {
  left: EnvResources;
  right: EnvResources;
  pairs: ResourcePair[];
  differences: Map<string, Difference[]>;
}

export interface TlsPairResult {
  candidates: Candidate[];
  /** `pairKey + "\0" + path` of every difference an MTLS_MISMATCH speaks for. */
  claimed: Set<string>;
  /** Keys of one-sided pairs an MTLS_MISMATCH speaks for. */
  claimedMissing: Set<string>;
  /** The pair's differences, one-sided subtrees split where a posture claims part of them. */
  differences: Map<string, Difference[]>;
}

/**
 * MTLS_MISMATCH for every posture that differs, each naming the field that decides it:
 * Namespace injection and pod-security settings, TLS at the edge, then each workload's
 * inbound, per-endpoint and per-container client certificate posture.
 */
export function tlsCandidates(scope: PairScope, context: TlsPairContext): TlsPairResult {
  const run: PostureRun = { scope, claims: new ClaimResolver(context), candidates: [], claimed: new Set(), claimedMissing: new Set() };
  for (const pair of context.pairs) {
    if (pair.left?.kind === 'Namespace' && pair.right?.kind === 'Namespace') namespaceCandidates(run, pair.left, pair.right);
    edgeCandidates(run, pair);
  }
  const left = byKey(computePostures(context.left));
  const right = byKey(computePostures(context.right));
  for (const pair of context.pairs) {
    const l = pair.left && left.get(pair.left.key);
    const r = pair.right && right.get(pair.right.key);
    if (l && r) comparePostures(run, l, r);
  }
  return { candidates: run.candidates, claimed: run.claimed, claimedMissing: run.claimedMissing, differences: run.claims.differences };
}

function namespaceCandidates(run: PostureRun, left: NormalizedResource, right: NormalizedResource): void {
  for (const change of namespaceSettingChanges(left, right)) {
    const related = run.claims.resolve(
      [{ resourceKey: left.key, segments: change.field.segments }],
      [{ resourceKey: right.key, segments: change.field.segments }],
      run.claimed,
    );
    addPostureCandidate(run, {
      fields: [change.field],
      values: pairValues(run.scope, change.left ?? undefined, change.right ?? undefined),
      args: { posture: 'namespace', aspect: change.aspect, key: change.key, related },
    });
  }
}

function comparePostures(run: PostureRun, left: WorkloadPosture, right: WorkloadPosture): void {
  compareInbound(run, left, right);
  compareCertificates(run, left, right);
  const rightEndpoints = new Map(right.endpoints.map((e) => [endpointId(e), e]));
  for (const l of left.endpoints) {
    const r = rightEndpoints.get(endpointId(l));
    if (!r || endpointSignature(l) === endpointSignature(r)) continue;
    const states = { [run.scope.leftEnv]: endpointState(l), [run.scope.rightEnv]: endpointState(r) };
    addPostureCandidate(run, {
      fields: [{ resource: r.declared.resource, segments: r.declared.segments }, ...endpointFields(run, l, r)],
      values: states,
      args: { posture: 'endpoint', endpoint: r.key, container: r.container, states, related: run.claims.resolve(l.claims, r.claims, run.claimed) },
    });
  }
}

/**
 * Besides the endpoint key, what decides an endpoint's posture: the certificate mount, volume
 * and env vars, or the DestinationRule `tls.mode`, on the side that has them.
 */
function endpointFields(run: PostureRun, left: EndpointPosture, right: EndpointPosture): DecidingField[] {
  const pick = <T>(get: (p: EndpointPosture) => T[]): Array<['left' | 'right', T[]]> => {
    const [l, r] = [get(left), get(right)];
    if ((l.length > 0) === (r.length > 0)) return [];
    return [r.length > 0 ? ['right', r] : ['left', l]];
  };
  const evidence = [...pick((p) => p.clientCert), ...pick((p) => p.ca)].flatMap(([side, items]) =>
    items.flatMap((item) => item.claims).map((claim) => ({ side, claim })));
  const istio = left.istioTls === right.istioTls ? [] : istioModeClaims(right, 'right') ?? istioModeClaims(left, 'left') ?? [];
  const rank = (segments: string[]) => (segments.includes('volumeMounts') ? 0 : segments.includes('volumes') ? 1 : 2);
  return [...evidence, ...istio]
    .flatMap(({ side, claim }) => {
      const resource = run.claims.resourceOf(side, claim.resourceKey);
      return resource ? [{ resource, segments: claim.segments }] : [];
    })
    .sort((a, b) => rank(a.segments) - rank(b.segments));
}

function istioModeClaims(posture: EndpointPosture, side: 'left' | 'right'): Array<{ side: 'left' | 'right'; claim: Claim }> | null {
  const claim = posture.claims.find((c) => c.segments.join('.') === 'spec.trafficPolicy.tls');
  return claim ? [{ side, claim: { ...claim, segments: [...claim.segments, 'mode'] } }] : null;
}

/**
 * One MTLS_MISMATCH per inbound aspect that differs, at its deciding field (the later
 * environment's when both set it); workloads decided by one field share its finding.
 */
function compareInbound(run: PostureRun, left: WorkloadPosture, right: WorkloadPosture): void {
  const aspects = INBOUND_ASPECTS.filter((aspect) => left.inbound.aspects[aspect].state !== right.inbound.aspects[aspect].state);
  if (aspects.length === 0) return;
  const related = run.claims.resolve(left.inbound.claims, right.inbound.claims, run.claimed);
  const states = { [run.scope.leftEnv]: inboundState(left.inbound), [run.scope.rightEnv]: inboundState(right.inbound) };
  for (const aspect of aspects) {
    const field = right.inbound.aspects[aspect].field ?? left.inbound.aspects[aspect].field;
    addPostureCandidate(run, {
      fields: field ? [field] : [],
      fallback: right.resource,
      values: states,
      args: { posture: 'inbound', aspect, states, related: related.filter((path) => !field || sameField(path, field)) },
      workload: workloadName(right.resource),
    });
  }
}

function sameField(path: RelatedPath, field: DecidingField): boolean {
  return path.kind === field.resource.kind && path.name === field.resource.name;
}

/** A client certificate presented by a container (without endpoints) in one environment only. */
function compareCertificates(run: PostureRun, left: WorkloadPosture, right: WorkloadPosture): void {
  const rights = new Map(right.certificates.map((c) => [c.container, c]));
  for (const l of left.certificates) {
    const r = rights.get(l.container);
    if (!r || (l.clientCert.length > 0) === (r.clientCert.length > 0)) continue;
    const [present, presentIn, missingIn] = r.clientCert.length > 0
      ? [r, run.scope.rightEnv, run.scope.leftEnv]
      : [l, run.scope.leftEnv, run.scope.rightEnv];
    addPostureCandidate(run, {
      fields: present.fields,
      fallback: right.resource,
      values: { [run.scope.leftEnv]: certificateState(l), [run.scope.rightEnv]: certificateState(r) },
      args: { posture: 'certificate', container: l.container, presentIn, missingIn, related: run.claims.resolve(l.claims, r.claims, run.claimed) },
    });
  }
}

function certificateState(posture: ContainerCertPosture): { clientCertificate: boolean; evidence: string[] } {
  return { clientCertificate: posture.clientCert.length > 0, evidence: posture.clientCert.map(({ source }) => `${source.from} ${source.name}`) };
}

function endpointId(posture: EndpointPosture): string {
  return `${posture.container}\u0000${posture.key}`;
}

function byKey(postures: WorkloadPosture[]): Map<string, WorkloadPosture> {
  return new Map(postures.map((p) => [p.resource.key, p]));
}
