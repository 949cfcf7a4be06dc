import type { Candidate, Difference, NormalizedResource } from '../types.js';
import { makeCandidate, pairValues, type PairScope } from './candidate.js';
import { imageRepository, parseImageRef } from './image-ref.js';

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** `…containers[name=app].image` (also init and ephemeral containers, at any depth). */
export function isImagePath(segments: readonly string[]): boolean {
  const n = segments.length;
  return n >= 3 && segments[n - 1] === 'image' && CONTAINER_LISTS.has(segments[n - 3]!);
}

/**
 * An image difference: another repository or registry is IMAGE_MISMATCH; only the tag or
 * digest is VALUE_DRIFT (policy may allow it); two spellings of one image are no finding.
 */
export function imageCandidate(scope: PairScope, resource: NormalizedResource, diff: Difference): Candidate | null {
  if (typeof diff.left !== 'string' || typeof diff.right !== 'string') return null;
  const left = parseImageRef(diff.left);
  const right = parseImageRef(diff.right);
  const base = {
    service: scope.service,
    envs: [scope.leftEnv, scope.rightEnv],
    resource,
    segments: diff.segments,
    values: pairValues(scope, diff.left, diff.right),
  };
  if (imageRepository(left) !== imageRepository(right)) {
    const container = containerName(diff.segments);
    return makeCandidate({ ...base, code: 'IMAGE_MISMATCH', detail: { container } });
  }
  if (left.tag === right.tag && left.digest === right.digest) return null;
  return makeCandidate({ ...base, code: 'VALUE_DRIFT' });
}

function containerName(segments: readonly string[]): string {
  const item = segments[segments.length - 2] ?? '';
  const match = /^\[name=("?)(.*)\1\]$/.exec(item);
  return match ? match[2]! : item;
}
