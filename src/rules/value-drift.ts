import type { EnvTokenPair } from '../normalize/equivalence.js';
import { replaceEnvTokens } from '../normalize/env-tokens.js';
import type { Candidate, Difference, NormalizedResource } from '../types.js';
import { isMultiline } from '../util/is-multiline.js';
import { makeCandidate, pairValues, type PairScope } from './candidate.js';
import { isCredentialPath, redactValueAt } from './redact.js';

/** Any other difference: VALUE_DRIFT, values redacted where they hold credentials. */
export function valueDriftCandidate(scope: PairScope, resource: NormalizedResource, diff: Difference, tokens?: EnvTokenPair): Candidate {
  const left = diff.change === 'added' ? undefined : redactValueAt(resource.kind, diff.segments, diff.left);
  const right = diff.change === 'removed' ? undefined : redactValueAt(resource.kind, diff.segments, diff.right);
  const lines = tokens ? linesBeyondEnvNames(left, right, tokens) : null;
  return makeCandidate({
    code: 'VALUE_DRIFT',
    service: scope.service,
    envs: [scope.leftEnv, scope.rightEnv],
    resource,
    segments: diff.segments,
    values: pairValues(scope, left, right),
    args: lines ? { lines } : {},
  });
}

/**
 * The lines of two multi-line values that each side alone has, leaving out the lines the other
 * side has written alike or alike but for each side's environment name (`app_mode = staging` and
 * `app_mode = production`): what a reviewer must read. Null unless both are multi-line.
 */
export function linesBeyondEnvNames(left: unknown, right: unknown, tokens: EnvTokenPair): { left: string[]; right: string[] } | null {
  if (!isMultiline(left) || !isMultiline(right)) return null;
  const leftLines = left.split('\n').map((line) => line.trimEnd());
  const rightLines = right.split('\n').map((line) => line.trimEnd());
  const only = (lines: string[], own: readonly string[], others: string[], theirs: readonly string[]): string[] => {
    const raw = new Set(others);
    const named = new Set(others.map((line) => replaceEnvTokens(line, theirs)));
    return [...new Set(lines)].filter((line) => line !== '' && !raw.has(line) && !named.has(replaceEnvTokens(line, own)));
  };
  return { left: only(leftLines, tokens.left, rightLines, tokens.right), right: only(rightLines, tokens.right, leftLines, tokens.left) };
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
