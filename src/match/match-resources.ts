/**
 * match: pair the resources of two environments. Exact keys (group/kind/normalized name: the
 * name as its source wrote it, with the affixes of shared files — see normalize/names.ts) pair
 * first, so a base holding `x-staging` and `x-production` in every environment pairs each with
 * itself, and sibling shards pair by their own prefixes whatever order they are listed in.
 * Only the leftovers pair by token-normalized name (`foo-ksa-dev` ↔ `foo-ksa-prod`), then by
 * the name written in their source (the same base under `eu-` in one environment and `us-` in
 * the other, both set in shared files), each within one group and kind and only when exactly
 * one resource on each side reads that way. Everything else stays unpaired (RESOURCE_MISSING downstream).
 */
import { replaceEnvTokens } from '../normalize/env-tokens.js';
import { resourceKey } from '../normalize/resource-key.js';
import type { NormalizedResource, ResourcePair } from '../types.js';

export interface MatchTokens {
  left: readonly string[];
  right: readonly string[];
}

/**
 * Pairs sorted by key. A pair found after the exact keys takes the left resource's key;
 * unpaired resources keep their own.
 */
export function matchResources(
  left: readonly NormalizedResource[],
  right: readonly NormalizedResource[],
  tokens: MatchTokens,
): ResourcePair[] {
  const rightByKey = new Map(right.map((resource) => [resource.key, resource]));
  const pairs: ResourcePair[] = [];
  const leftovers: NormalizedResource[] = [];
  for (const resource of left) {
    const match = rightByKey.get(resource.key);
    if (match) {
      pairs.push({ key: resource.key, left: resource, right: match });
      rightByKey.delete(resource.key);
    } else {
      leftovers.push(resource);
    }
  }
  const byTokens = pairUnique(leftovers, [...rightByKey.values()], (resource, side) =>
    resourceKey(resource.group, resource.kind, replaceEnvTokens(resource.name, tokens[side])),
  );
  const bySource = pairUnique(byTokens.left, byTokens.right, (resource) =>
    resource.origin ? resourceKey(resource.group, resource.kind, resource.origin.sourceName) : null,
  );
  const unpaired = [
    ...bySource.left.map((resource) => ({ key: resource.key, left: resource })),
    ...bySource.right.map((resource) => ({ key: resource.key, right: resource })),
  ];
  return [...pairs, ...byTokens.pairs, ...bySource.pairs, ...unpaired].sort((a, b) => compareStrings(a.key, b.key));
}

type MatchKey = (resource: NormalizedResource, side: 'left' | 'right') => string | null;

interface Paired {
  pairs: ResourcePair[];
  left: NormalizedResource[];
  right: NormalizedResource[];
}

/** Pairs resources whose match key is held by exactly one resource on each side; the rest are handed back. */
function pairUnique(left: NormalizedResource[], right: NormalizedResource[], keyOf: MatchKey): Paired {
  const leftGroups = groupBy(left, (resource) => keyOf(resource, 'left'));
  const rightGroups = groupBy(right, (resource) => keyOf(resource, 'right'));
  const pairs: ResourcePair[] = [];
  const taken = new Set<NormalizedResource>();
  for (const [matchKey, lefts] of leftGroups) {
    const [only, ...otherLefts] = lefts;
    const [match, ...otherRights] = rightGroups.get(matchKey) ?? [];
    if (!only || !match || otherLefts.length > 0 || otherRights.length > 0) continue;
    pairs.push({ key: only.key, left: only, right: match });
    taken.add(only).add(match);
  }
  return { pairs, left: left.filter((resource) => !taken.has(resource)), right: right.filter((resource) => !taken.has(resource)) };
}

function groupBy(resources: NormalizedResource[], keyOf: (resource: NormalizedResource) => string | null): Map<string, NormalizedResource[]> {
  const groups = new Map<string, NormalizedResource[]>();
  for (const resource of resources) {
    const matchKey = keyOf(resource);
    if (matchKey !== null) groups.set(matchKey, [...(groups.get(matchKey) ?? []), resource]);
  }
  return groups;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
