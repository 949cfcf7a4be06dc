import type { Candidate, Difference, NormalizedResource } from '../types.js';
import { makeCandidate, pairValues, type PairScope } from './candidate.js';
import { isCredentialPath, redactValueAt } from './redact.js';

/** Any other difference: VALUE_DRIFT, values redacted where they hold credentials. */
export function valueDriftCandidate(scope: PairScope, resource: NormalizedResource, diff: Difference): Candidate {
  const left = diff.change === 'added' ? undefined : redactValueAt(resource.kind, diff.segments, diff.left);
  const right = diff.change === 'removed' ? undefined : redactValueAt(resource.kind, diff.segments, diff.right);
  return makeCandidate({
    code: 'VALUE_DRIFT',
    service: scope.service,
    envs: [scope.leftEnv, scope.rightEnv],
    resource,
    segments: diff.segments,
    values: pairValues(scope, left, right),
    args: {},
  });
}

/**
 * Two different values of a credential-named key are expected (each environment has its own);
 * only its presence on one side is drift.
 */
export function isExpectedCredentialChange(resource: NormalizedResource, diff: Difference): boolean {
  return resource.kind !== 'Secret' && diff.change === 'changed' && isScalar(diff.left) && isScalar(diff.right)
    && isCredentialPath(diff.segments);
}

function isScalar(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && value !== undefined);
}
