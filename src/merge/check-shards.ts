import { ConfigError } from '../errors.js';
import type { AuditResult, ShardInfo } from '../types.js';

/** One result to merge and the name it is known by (its file). */
export interface NamedResult {
  name: string;
  result: AuditResult;
}

/** Fields every shard of one run must share. */
const RUN_FIELDS = ['count', 'repo', 'commit', 'configDigest', 'policyDigest', 'renderer', 'toolVersion'] as const;
const LABELS: Record<(typeof RUN_FIELDS)[number], string> = {
  count: 'shard count',
  repo: 'repository',
  commit: 'commit',
  configDigest: 'config digest',
  policyDigest: 'policy digest',
  renderer: 'renderer',
  toolVersion: 'parity version',
};

/**
 * The shards form one complete run: every result is a shard recording its run, all record the
 * same run, and each index 1..count appears exactly once. Otherwise a ConfigError naming the
 * file and what is missing or inconsistent: a partial merge is never a pass.
 */
export function checkShardSet(named: NamedResult[]): void {
  const shards = named.map(({ name, result }) => ({ name, shard: requireShard(name, result.shard) }));
  const [first, ...others] = shards;
  if (!first) throw new ConfigError('parity merge needs at least one result file');
  for (const other of others) {
    for (const field of RUN_FIELDS) {
      if (!same(first.shard[field], other.shard[field])) {
        throw new ConfigError(
          `${LABELS[field]} ${show(other.shard[field])} differs from ${show(first.shard[field])} in ${first.name}: not shards of one run`,
          { file: other.name },
        );
      }
    }
    if (!same(first.shard.all, other.shard.all)) {
      throw new ConfigError(`the list of services differs from ${first.name}: not shards of one run`, { file: other.name });
    }
  }
  checkIndexes(shards, first.shard.count);
}

function requireShard(name: string, shard: ShardInfo | undefined): ShardInfo {
  if (!shard) throw new ConfigError('not a shard result (no `shard`): produce it with `parity audit --shard k/n --format json`', { file: name });
  if (shard.toolVersion === undefined || shard.configDigest === undefined || shard.commit === undefined) {
    throw new ConfigError('the shard records no run identity (commit, config digest, parity version); rerun the shards with this parity', { file: name });
  }
  return shard;
}

function checkIndexes(shards: Array<{ name: string; shard: ShardInfo }>, count: number): void {
  const byIndex = new Map<number, string>();
  for (const { name, shard } of shards) {
    const seen = byIndex.get(shard.index);
    if (seen !== undefined) throw new ConfigError(`shard ${shard.index}/${count} given twice (also ${seen})`, { file: name });
    byIndex.set(shard.index, name);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    throw new ConfigError(`incomplete shard set: missing shard ${missing.map((index) => `${index}/${count}`).join(', ')} (got ${shards.length} of ${count})`);
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(value: unknown): string {
  return value === null || value === undefined ? 'none' : `'${String(value)}'`;
}
