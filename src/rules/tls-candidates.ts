import type { Candidate, Difference, EnvResources, ResourcePair } from '../types.js';
import { makeCandidate, type PairScope } from './candidate.js';
import {
  computePostures, describeEndpoint, describeInbound, endpointSignature, inboundSignature,
  type Claim, type EndpointPosture, type WorkloadPosture,
} from './tls-posture.js';

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
}

export function claimKey(pairKey: string, path: string): string {
  return `${pairKey}\u0000${path}`;
}

/** MTLS_MISMATCH for every workload whose inbound or per-endpoint TLS posture differs. */
export function tlsCandidates(scope: PairScope, context: TlsPairContext): TlsPairResult {
  const result: TlsPairResult = { candidates: [], claimed: new Set() };
  const left = byKey(computePostures(context.left));
  const right = byKey(computePostures(context.right));
  const run: Run = { scope, claims: new ClaimResolver(context), out: result };
  for (const pair of context.pairs) {
    const l = pair.left && left.get(pair.left.key);
    const r = pair.right && right.get(pair.right.key);
    if (l && r) comparePostures(run, l, r);
  }
  return result;
}

interface Run {
  scope: PairScope;
  claims: ClaimResolver;
  out: TlsPairResult;
}

function comparePostures({ scope, claims, out }: Run, left: WorkloadPosture, right: WorkloadPosture): void {
  if (inboundSignature(left.inbound) !== inboundSignature(right.inbound)) {
    const related = claims.resolve(left.inbound.claims, right.inbound.claims, out.claimed);
    out.candidates.push(makeCandidate({
      code: 'MTLS_MISMATCH',
      service: scope.service,
      envs: [scope.leftEnv, scope.rightEnv],
      resource: right.resource,
      segments: null,
      values: { [scope.leftEnv]: describeInbound(left.inbound), [scope.rightEnv]: describeInbound(right.inbound) },
      detail: { inbound: true, related },
    }));
  }
  const rightEndpoints = new Map(right.endpoints.map((e) => [endpointId(e), e]));
  for (const l of left.endpoints) {
    const r = rightEndpoints.get(endpointId(l));
    if (!r || endpointSignature(l) === endpointSignature(r)) continue;
    const candidate = endpointCandidate(scope, l, r, claims.resolve(l.claims, r.claims, out.claimed));
    if (!out.candidates.some((c) => c.path === candidate.path && c.resource?.name === candidate.resource?.name)) {
      out.candidates.push(candidate);
    }
  }
}

function endpointCandidate(scope: PairScope, left: EndpointPosture, right: EndpointPosture, related: RelatedPath[]): Candidate {
  return makeCandidate({
    code: 'MTLS_MISMATCH',
    service: scope.service,
    envs: [scope.leftEnv, scope.rightEnv],
    resource: right.declared.resource,
    segments: right.declared.segments,
    values: { [scope.leftEnv]: describeEndpoint(left), [scope.rightEnv]: describeEndpoint(right) },
    detail: { endpoint: right.key, container: right.container, related },
  });
}

function endpointId(posture: EndpointPosture): string {
  return `${posture.container}\u0000${posture.key}`;
}

function byKey(postures: WorkloadPosture[]): Map<string, WorkloadPosture> {
  return new Map(postures.map((p) => [p.resource.key, p]));
}

export interface RelatedPath {
  kind: string;
  name: string;
  path: string;
}

/** Turns claims (resource key + segments per env) into the pair's differences they cover. */
class ClaimResolver {
  private readonly leftPairs = new Map<string, ResourcePair>();
  private readonly rightPairs = new Map<string, ResourcePair>();

  constructor(private readonly context: TlsPairContext) {
    for (const pair of context.pairs) {
      if (pair.left) this.leftPairs.set(pair.left.key, pair);
      if (pair.right) this.rightPairs.set(pair.right.key, pair);
    }
  }

  resolve(left: Claim[], right: Claim[], claimed: Set<string>): RelatedPath[] {
    const related = new Map<string, RelatedPath>();
    const sides: Array<[Claim[], Map<string, ResourcePair>]> = [[left, this.leftPairs], [right, this.rightPairs]];
    for (const [claims, pairs] of sides) {
      for (const claim of claims) this.collect(claim, pairs.get(claim.resourceKey), related, claimed);
    }
    return [...related.values()];
  }

  private collect(claim: Claim, pair: ResourcePair | undefined, related: Map<string, RelatedPath>, claimed: Set<string>): void {
    const resource = pair?.right ?? pair?.left;
    if (!pair || !resource) return;
    for (const diff of this.context.differences.get(pair.key) ?? []) {
      if (!overlaps(claim.segments, diff.segments)) continue;
      claimed.add(claimKey(pair.key, diff.path));
      related.set(claimKey(pair.key, diff.path), { kind: resource.kind, name: resource.name, path: diff.path });
    }
  }
}

/** One path lies at or below the other. */
function overlaps(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
