import type { NormalizedResource, ResourcePair } from '../../types.js';
import type { Claim, DecidingField } from './types.js';
import { edgeAspects, edgeState, ingressTls, isEdgeOnlyKind, isIngress, type EdgeAspect } from './edge.js';
import { addPostureCandidate, type PostureRun } from './posture-run.js';
import { valueAt } from './workloads.js';

/**
 * MTLS_MISMATCH for each edge TLS aspect (Ingress, Gateway listener, Istio Gateway server)
 * that differs, for a BackendTLSPolicy in one environment only, and for an Ingress that
 * terminates TLS in one environment only (the other serves without it, or not through an
 * Ingress at all: a plain-HTTP LoadBalancer, say).
 */
export function edgeCandidates(run: PostureRun, pair: ResourcePair): void {
  if (pair.left && pair.right) {
    compareEdges(run, pair.left, pair.right);
    return;
  }
  const resource = pair.left ?? pair.right;
  if (!resource) return;
  const [presentIn, missingIn] = pair.left ? [run.scope.leftEnv, run.scope.rightEnv] : [run.scope.rightEnv, run.scope.leftEnv];
  if (isIngress(resource)) {
    oneSidedIngress(run, resource, presentIn, missingIn);
    return;
  }
  if (!isEdgeOnlyKind(resource)) return;
  run.claimedMissing.add(pair.key);
  addPostureCandidate(run, {
    fields: [],
    fallback: resource,
    values: { [presentIn]: { [resource.kind]: 'present' }, [missingIn]: { [resource.kind]: 'absent' } },
    args: { posture: 'edge-one-sided', edge: 'kind', kind: resource.kind, presentIn, missingIn },
  });
}

/**
 * An Ingress with a certificate in one environment only: its TLS field decides (cited at its
 * line). Its RESOURCE_MISSING stays: a policy may allow the missing entry point, never the
 * posture.
 */
function oneSidedIngress(run: PostureRun, resource: NormalizedResource, presentIn: string, missingIn: string): void {
  const tls = ingressTls(resource);
  if (!tls.on) return;
  addPostureCandidate(run, {
    fields: [{ resource, segments: tls.segments }],
    values: { [presentIn]: { tls: 'true' }, [missingIn]: { tls: 'none' } },
    args: { posture: 'edge-one-sided', edge: 'ingress-tls', kind: resource.kind, presentIn, missingIn },
  });
}

function compareEdges(run: PostureRun, left: NormalizedResource, right: NormalizedResource): void {
  const rights = edgeAspects(right);
  for (const [id, l] of edgeAspects(left)) {
    const r = rights.get(id);
    if (!r) continue;
    const fields = differingParts(l, r).flatMap((segments) => fieldAt(left, right, segments));
    if (fields.length === 0 && JSON.stringify(edgeState(l)) === JSON.stringify(edgeState(r))) continue;
    const related = run.claims.resolve(claimsOf(left, l), claimsOf(right, r), run.claimed);
    addPostureCandidate(run, {
      fields,
      fallback: right,
      values: { [run.scope.leftEnv]: edgeState(l), [run.scope.rightEnv]: edgeState(r) },
      args: { posture: 'edge', edge: id, related },
    });
  }
}

function differingParts(left: EdgeAspect, right: EdgeAspect): string[][] {
  // Both sides' fields: the side that turns TLS on may hold it elsewhere (an annotation rather than spec.tls).
  return left.parts.flatMap((part, i) => {
    const other = right.parts[i];
    return part.state === other?.state ? [] : [other?.segments ?? part.segments, part.segments];
  });
}

/** The later environment's field when it sets one, else the earlier's; none when neither sets it (a default). */
function fieldAt(left: NormalizedResource, right: NormalizedResource, segments: string[]): DecidingField[] {
  if (valueAt(right.object, segments) !== undefined) return [{ resource: right, segments }];
  return valueAt(left.object, segments) !== undefined ? [{ resource: left, segments }] : [];
}

function claimsOf(resource: NormalizedResource, aspect: EdgeAspect): Claim[] {
  return [...aspect.parts.map((part) => part.segments), ...aspect.claims].map((segments) => ({ resourceKey: resource.key, segments }));
}
