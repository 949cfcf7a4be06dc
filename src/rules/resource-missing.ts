import type { Candidate, ResourcePair } from '../types.js';
import { makeCandidate, type PairScope } from './candidate.js';

/** A resource on one side only: RESOURCE_MISSING, `present`/`absent` per environment. */
export function missingCandidate(scope: PairScope, pair: ResourcePair): Candidate | null {
  const resource = pair.left ?? pair.right;
  if (!resource || (pair.left && pair.right)) return null;
  const [presentIn, missingIn] = pair.left ? [scope.leftEnv, scope.rightEnv] : [scope.rightEnv, scope.leftEnv];
  return makeCandidate({
    code: 'RESOURCE_MISSING',
    service: scope.service,
    envs: [scope.leftEnv, scope.rightEnv],
    resource,
    segments: null,
    values: { [presentIn]: 'present', [missingIn]: 'absent' },
    detail: { presentIn, missingIn },
  });
}
