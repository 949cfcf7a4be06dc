import { formatPath } from '../../diff/path.js';
import { isPlainObject } from '../../util/is-plain-object.js';
import type { Difference, NormalizedResource, ResourcePair } from '../../types.js';
import type { Claim } from './types.js';
import { itemSegments } from './workloads.js';

export interface ClaimContext {
  pairs: ResourcePair[];
  differences: Map<string, Difference[]>;
}

export function claimKey(pairKey: string, path: string): string {
  return `${pairKey}\u0000${path}`;
}

export interface RelatedPath {
  kind: string;
  name: string;
  path: string;
}

/** Turns claims (resource key + segments per env) into the pair's differences they cover. */
export class ClaimResolver {
  private readonly leftPairs = new Map<string, ResourcePair>();
  private readonly rightPairs = new Map<string, ResourcePair>();
  /**
   * The pair's differences, a subtree present on one side only split into its members where a
   * claim reaches inside it: the claim takes its own member, the others stay differences.
   */
  readonly differences: Map<string, Difference[]>;

  constructor(context: ClaimContext) {
    this.differences = new Map(context.differences);
    for (const pair of context.pairs) {
      if (pair.left) this.leftPairs.set(pair.left.key, pair);
      if (pair.right) this.rightPairs.set(pair.right.key, pair);
    }
  }

  /** The resource a claim names, in the left or the right environment. */
  resourceOf(side: 'left' | 'right', key: string): NormalizedResource | undefined {
    return (side === 'left' ? this.leftPairs : this.rightPairs).get(key)?.[side];
  }

  resolve(left: Claim[], right: Claim[], claimed: Set<string>): RelatedPath[] {
    const related = new Map<string, RelatedPath>();
    const sides: Array<[Claim[], Map<string, ResourcePair>]> = [[left, this.leftPairs], [right, this.rightPairs]];
    for (const [claims, pairs] of sides) {
      for (const claim of claims) this.collect(claim, pairs.get(claim.resourceKey), related, claimed);
    }
    return [...related.values()];
  }

  private collect(claim: Claim, pair: ResourcePair | undefined, related: Map<string, RelatedPath>, claimed: Set<string>): void {
    const resource = pair?.right ?? pair?.left;
    if (!pair || !resource) return;
    for (const diff of this.split(pair.key, claim.segments)) {
      if (!overlaps(claim.segments, diff.segments)) continue;
      claimed.add(claimKey(pair.key, diff.path));
      related.set(claimKey(pair.key, diff.path), { kind: resource.kind, name: resource.name, path: diff.path });
    }
  }

  private split(pairKey: string, segments: readonly string[]): Difference[] {
    let diffs = this.differences.get(pairKey) ?? [];
    for (let again = true; again;) {
      again = false;
      diffs = diffs.flatMap((diff) => {
        if (!reachesInside(diff, segments)) return [diff];
        again = true;
        return members(diff);
      });
    }
    this.differences.set(pairKey, diffs);
    return diffs;
  }
}

/** A one-sided object or list difference above the claimed path. */
function reachesInside(diff: Difference, segments: readonly string[]): boolean {
  if (diff.change === 'changed' || diff.segments.length >= segments.length || !overlaps(diff.segments, segments)) return false;
  const value = diff.change === 'added' ? diff.right : diff.left;
  return isPlainObject(value) || Array.isArray(value);
}

/** The members of a one-sided subtree, each a difference of its own. */
function members(diff: Difference): Difference[] {
  const value = diff.change === 'added' ? diff.right : diff.left;
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((item, i) => [itemSegments(diff.segments.at(-1) ?? '', value)[i]!, item])
    : Object.entries(value as Record<string, unknown>);
  return entries.map(([segment, member]) => {
    const segments = [...diff.segments, segment];
    const side = diff.change === 'added' ? { right: member } : { left: member };
    return { path: formatPath(segments), segments, change: diff.change, ...side };
  });
}

/** One path lies at or below the other. */
function overlaps(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
