import type { Difference, ResourcePair } from '../../types.js';
import type { Claim } from './types.js';

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

  constructor(private readonly context: ClaimContext) {
    for (const pair of context.pairs) {
      if (pair.left) this.leftPairs.set(pair.left.key, pair);
      if (pair.right) this.rightPairs.set(pair.right.key, pair);
    }
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
    for (const diff of this.context.differences.get(pair.key) ?? []) {
      if (!overlaps(claim.segments, diff.segments)) continue;
      claimed.add(claimKey(pair.key, diff.path));
      related.set(claimKey(pair.key, diff.path), { kind: resource.kind, name: resource.name, path: diff.path });
    }
  }
}

/** One path lies at or below the other. */
function overlaps(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
