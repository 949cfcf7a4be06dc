import { ConfigError } from '../errors.js';
import type { ServiceSpec } from '../types.js';

export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

/** `k/n` with 1 ≤ k ≤ n. */
export function parseShard(spec: string): ShardSpec {
  const match = /^(\d+)\/(\d+)$/.exec(spec.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new ConfigError(`--shard '${spec}' must be k/n with 1 ≤ k ≤ n, e.g. 2/4`);
  }
  return { index, count };
}

/**
 * The services of one shard: every service goes to the least loaded shard, heaviest first
 * (cost = its overlays), ties by name, so every CI job computes the same split from the repo alone
 * and the shards' costs differ by at most one service.
 */
export function selectShard(services: ServiceSpec[], shard: ShardSpec): ServiceSpec[] {
  const loads = Array.from({ length: shard.count }, () => 0);
  const order = [...services].sort((a, b) => b.envs.length - a.envs.length || compare(a.name, b.name));
  const mine = new Set<string>();
  for (const service of order) {
    const target = loads.indexOf(Math.min(...loads));
    loads[target]! += service.envs.length;
    if (target === shard.index - 1) mine.add(service.name);
  }
  return services.filter((service) => mine.has(service.name));
}

function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
