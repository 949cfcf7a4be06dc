import { formatPath } from '../diff/path.js';
import type { FindingArgs } from '../finding-args.js';
import type { Candidate, NormalizedResource, ResourceRef } from '../types.js';

/** What every rule knows when it builds a candidate for one env pair. */
export interface PairScope {
  service: string;
  leftEnv: string;
  rightEnv: string;
}

/** A candidate as a rule builds it: the resource it found, the path as segments, and its code's arguments. */
export type CandidateInput = {
  service: string;
  envs: string[];
  resource: NormalizedResource | undefined;
  segments: string[] | null;
  values: Record<string, unknown>;
} & FindingArgs;

export function makeCandidate(input: CandidateInput): Candidate {
  return {
    ...input,
    resource: input.resource ? resourceRef(input.resource) : null,
    path: input.segments ? formatPath(input.segments) : null,
    segments: input.segments ?? [],
    source: null,
  };
}

export function resourceRef(resource: NormalizedResource): ResourceRef {
  return { apiVersion: resource.apiVersion, kind: resource.kind, name: resource.name };
}

/** `{left: a, right: b}` keyed by env, a side left out when its value is undefined. */
export function pairValues(scope: PairScope, left: unknown, right: unknown): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (left !== undefined) values[scope.leftEnv] = left;
  if (right !== undefined) values[scope.rightEnv] = right;
  return values;
}
