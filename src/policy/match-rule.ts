import picomatch from 'picomatch';
import type { AllowRule, Candidate } from '../types.js';
import { pathCovered } from './path-pattern.js';
import { DEFAULT_ALLOW_CODES } from './policy-schema.js';

/** The matching part of an allow rule or a waiver. */
export type MatchSpec = Omit<AllowRule, 'id' | 'reason' | 'declared'>;

type Predicate = (match: MatchSpec, candidate: Candidate) => boolean;

const codeAllowed: Predicate = (match, c) => (match.codes ?? DEFAULT_ALLOW_CODES).includes(c.code);

const kindMatches: Predicate = (match, c) =>
  !match.kinds || match.kinds.includes('*') || (c.resource !== null && match.kinds.includes(c.resource.kind));

const nameMatches: Predicate = (match, c) => !match.names || (c.resource !== null && anyGlob(match.names, c.resource.name));

const serviceMatches: Predicate = (match, c) => !match.services || anyGlob(match.services, c.service);

const pairMatches: Predicate = (match, c) => !match.pairs || match.pairs.some((pair) => pairCovers(pair, c.envs));

/** No paths: the whole resource (every path, and path-less findings such as RESOURCE_MISSING). */
const pathMatches: Predicate = (match, c) =>
  !match.paths || (c.path !== null && match.paths.some((pattern) => pathCovered(pattern, c.segments)));

const PREDICATES: Predicate[] = [codeAllowed, kindMatches, nameMatches, serviceMatches, pairMatches, pathMatches];

/** True when every part of the match accepts the candidate. */
export function matchesCandidate(match: MatchSpec, candidate: Candidate): boolean {
  return PREDICATES.every((predicate) => predicate(match, candidate));
}

/** `a:b` covers the pair in either order; for a single-environment finding, either side. */
export function pairCovers(pair: string, envs: readonly string[]): boolean {
  if (pair === '*') return true;
  const sides = pair.split(':');
  if (envs.length === 1) return sides.includes(envs[0]!);
  return envs.length === 2 && sides.length === 2 && sides.includes(envs[0]!) && sides.includes(envs[1]!);
}

const globs = new Map<string, (value: string) => boolean>();

export function anyGlob(patterns: readonly string[], value: string): boolean {
  return patterns.some((pattern) => {
    if (pattern === '*') return true;
    let test = globs.get(pattern);
    if (!test) {
      test = picomatch(pattern, { dot: true });
      globs.set(pattern, test);
    }
    return test(value);
  });
}
