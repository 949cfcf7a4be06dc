import { formatPath } from '../diff/path.js';
import type { Candidate, FindingCode, NormalizedResource, ResourceRef } from '../types.js';

/** What every rule knows when it builds a candidate for one env pair. */
export interface PairScope {
  service: string;
  leftEnv: string;
  rightEnv: string;
}

export interface CandidateInput {
  code: FindingCode;
  service: string;
  envs: string[];
  resource: NormalizedResource | undefined;
  segments: string[] | null;
  values: Record<string, unknown>;
  detail?: Record<string, unknown>;
}

export function makeCandidate(input: CandidateInput): Candidate {
  const candidate: Candidate = {
    code: input.code,
    service: input.service,
    envs: input.envs,
    resource: input.resource ? resourceRef(input.resource) : null,
    path: input.segments ? formatPath(input.segments) : null,
    segments: input.segments ?? [],
    values: input.values,
    source: null,
  };
  if (input.detail) candidate.detail = input.detail;
  return candidate;
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
