import { isImagePath, looksLikeImageRef } from '../normalize/image-like.js';
import type { Candidate, Difference, NormalizedResource } from '../types.js';
import { makeCandidate, pairValues, type PairScope } from './candidate.js';
import { canonicalRepository, parseImageRef } from '../images/reference.js';
import { walkLeaves } from './walk-values.js';

export { isImagePath };

/** One environment, its tokens, and every environment of the chain with theirs. */
export interface ImageTagScope {
  service: string;
  env: string;
  tokens: string[];
  chainEnvs: Array<{ env: string; tokens: string[] }>;
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
  if (canonicalRepository(left) !== canonicalRepository(right)) {
    const container = containerName(diff.segments);
    return makeCandidate({ ...base, code: 'IMAGE_MISMATCH', args: { gate: false, container } });
  }
  if (left.tag === right.tag && left.digest === right.digest) return null;
  return makeCandidate({ ...base, code: 'VALUE_DRIFT', args: {} });
}

function containerName(segments: readonly string[]): string {
  const item = segments[segments.length - 2] ?? '';
  const match = /^\[name=("?)(.*)\1\]$/.exec(item);
  return match ? match[2]! : item;
}

/**
 * CROSS_ENV_REFERENCE: an image (a container's `image`, or a value that reads like an image
 * reference) whose tag is the name of another environment of the chain — `test` running
 * `app:dev`, a mutable tag that moves with another environment's builds.
 */
export function crossEnvTagCandidates(scope: ImageTagScope, resources: readonly NormalizedResource[]): Candidate[] {
  const own = new Set(scope.tokens.map((token) => token.toLowerCase()));
  const others = scope.chainEnvs
    .filter((entry) => entry.env !== scope.env)
    .map((entry) => ({ env: entry.env, tokens: entry.tokens.map((t) => t.toLowerCase()).filter((t) => !own.has(t)) }));
  return resources.flatMap((resource) =>
    walkLeaves(resource.object).flatMap((leaf) => {
      if (typeof leaf.value !== 'string' || !isImageLeaf(leaf.segments, leaf.value)) return [];
      const tag = parseImageRef(leaf.value).tag?.toLowerCase();
      const other = tag === undefined ? undefined : others.find((entry) => entry.tokens.includes(tag));
      if (!other || tag === undefined) return [];
      return [makeCandidate({
        code: 'CROSS_ENV_REFERENCE',
        service: scope.service,
        envs: [scope.env],
        resource,
        segments: leaf.segments,
        values: { [scope.env]: leaf.value },
        args: { referencedEnv: other.env, key: leaf.key, token: tag, imageTag: true },
      })];
    }),
  );
}

function isImageLeaf(segments: readonly string[], value: string): boolean {
  return isImagePath(segments) || looksLikeImageRef(value);
}
