/**
 * match: pair the resources of two environments. Exact keys (group/kind/normalized name) pair
 * first, so a base holding `x-staging` and `x-production` in every environment pairs each with
 * itself. Only the leftovers pair by token-normalized name (`foo-ksa-dev` ↔ `foo-ksa-prod`),
 * within one group and kind, and only when exactly one resource on each side reads that way.
 * Everything else stays unpaired (RESOURCE_MISSING downstream).
 */
import { replaceEnvTokens } from '../normalize/env-tokens.js';
import { resourceKey } from '../normalize/resource-key.js';
import type { NormalizedResource, ResourcePair } from '../types.js';

export interface MatchTokens {
  left: readonly string[];
  right: readonly string[];
}

/**
 * Pairs sorted by key. A pair found by token-normalized name takes the left resource's key;
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
  pairs.push(...pairByTokens(leftovers, [...rightByKey.values()], tokens));
  return pairs.sort((a, b) => compareStrings(a.key, b.key));
}

function pairByTokens(left: NormalizedResource[], right: NormalizedResource[], tokens: MatchTokens): ResourcePair[] {
  const leftGroups = groupByTokenKey(left, tokens.left);
  const rightGroups = groupByTokenKey(right, tokens.right);
  const pairs: ResourcePair[] = [];
  for (const [tokenKey, lefts] of leftGroups) {
    const rights = rightGroups.get(tokenKey) ?? [];
    if (lefts.length === 1 && rights.length === 1) {
      pairs.push({ key: lefts[0]!.key, left: lefts[0]!, right: rights[0]! });
      rightGroups.delete(tokenKey);
    } else {
      pairs.push(...lefts.map((resource) => ({ key: resource.key, left: resource })));
    }
  }
  for (const rights of rightGroups.values()) {
    pairs.push(...rights.map((resource) => ({ key: resource.key, right: resource })));
  }
  return pairs;
}

function groupByTokenKey(resources: NormalizedResource[], tokens: readonly string[]): Map<string, NormalizedResource[]> {
  const groups = new Map<string, NormalizedResource[]>();
  for (const resource of resources) {
    const tokenKey = resourceKey(resource.group, resource.kind, replaceEnvTokens(resource.name, tokens));
    groups.set(tokenKey, [...(groups.get(tokenKey) ?? []), resource]);
  }
  return groups;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
