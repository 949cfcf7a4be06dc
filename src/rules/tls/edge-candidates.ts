import type { NormalizedResource, ResourcePair } from '../../types.js';
import type { Claim, DecidingField } from './types.js';
import { edgeAspects, edgeState, isEdgeOnlyKind, type EdgeAspect } from './edge.js';
import { addPostureCandidate, type PostureRun } from './posture-run.js';
import { valueAt } from './workloads.js';

/**
 * MTLS_MISMATCH for each edge TLS aspect (Ingress, Gateway listener, Istio Gateway server)
 * that differs, and for a BackendTLSPolicy in one environment only.
 */
export function edgeCandidates(run: PostureRun, pair: ResourcePair): void {
  if (pair.left && pair.right) {
    compareEdges(run, pair.left, pair.right);
    return;
  }
  const resource = pair.left ?? pair.right;
  if (!resource || !isEdgeOnlyKind(resource)) return;
  const [presentIn, missingIn] = pair.left ? [run.scope.leftEnv, run.scope.rightEnv] : [run.scope.rightEnv, run.scope.leftEnv];
  run.claimedMissing.add(pair.key);
  addPostureCandidate(run, {
    fields: [],
    fallback: resource,
    values: { [presentIn]: { [resource.kind]: 'present' }, [missingIn]: { [resource.kind]: 'absent' } },
    detail: { edge: resource.kind, presentIn, missingIn },
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
      detail: { edge: id, related },
    });
  }
}

function differingParts(left: EdgeAspect, right: EdgeAspect): string[][] {
  return left.parts.filter((part, i) => part.state !== right.parts[i]?.state).map((part) => part.segments);
}

/** The later environment's field when it sets one, else the earlier's; none when neither sets it (a default). */
function fieldAt(left: NormalizedResource, right: NormalizedResource, segments: string[]): DecidingField[] {
  if (valueAt(right.object, segments) !== undefined) return [{ resource: right, segments }];
  return valueAt(left.object, segments) !== undefined ? [{ resource: left, segments }] : [];
}

function claimsOf(resource: NormalizedResource, aspect: EdgeAspect): Claim[] {
  return [...aspect.parts.map((part) => part.segments), ...aspect.claims].map((segments) => ({ resourceKey: resource.key, segments }));
}
