import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import { exitCodeOf } from '../../src/pipeline/build-result.js';
import { mergeResults } from '../../src/merge/merge-results.js';
import { parseShard, selectShard } from '../../src/shard/select-shard.js';
import type { AuditResult, ServiceSpec } from '../../src/types.js';
import { driftedServices, writeSyntheticRepo } from '../../bench/synthetic-repo.mjs';

let root: string;
let repoDir: string;
const NOW = new Date('2026-01-15T00:00:00Z');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'parity-shard-'));
  repoDir = join(root, 'repo');
  await writeSyntheticRepo(repoDir, 9);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const run = (extra: { shard?: string } = {}): Promise<AuditResult> =>
  audit({ repoDir, cacheDir: join(root, 'cache'), now: NOW, ...extra });

/** Everything but the shard bookkeeping, findings in a stable order. */
function comparable(result: AuditResult): unknown {
  const { shard: _shard, ...rest } = result;
  return { ...rest, findings: [...rest.findings].sort((a, b) => a.id.localeCompare(b.id)) };
}

describe('--shard k/n and parity merge', () => {
  it('split services evenly and deterministically, each in exactly one shard', () => {
    const services = Array.from({ length: 10 }, (_, i) => ({ name: `s${i}`, envs: i < 3 ? ['a', 'b', 'c'] : ['a'], overlays: {} })) as ServiceSpec[];
    const shards = [1, 2, 3].map((index) => selectShard(services, { index, count: 3 }));
    expect(shards.flat().map((s) => s.name).sort()).toEqual(services.map((s) => s.name).sort());
    const costs = shards.map((shard) => shard.reduce((sum, s) => sum + s.envs.length, 0));
    expect(Math.max(...costs) - Math.min(...costs)).toBeLessThanOrEqual(3);
    expect(selectShard(services, { index: 2, count: 3 })).toEqual(shards[1]);
    expect(() => parseShard('4/3')).toThrow(/k\/n/);
  });

  it('merged shards equal the unsharded audit, exit code included', async () => {
    const whole = await run();
    const shards = await Promise.all(['1/3', '2/3', '3/3'].map((shard) => run({ shard })));
    for (const shard of shards) expect(shard.services.length).toBeLessThan(whole.services.length);
    const merged = mergeResults(shards);
    expect(comparable(merged)).toEqual(comparable(whole));
    expect(merged.services.map((s) => s.name)).toEqual(whole.services.map((s) => s.name));
    expect(exitCodeOf(merged)).toBe(exitCodeOf(whole));
    expect(exitCodeOf(whole)).toBe(1);
    const blocking = [...new Set(merged.findings.filter((f) => f.blocking).map((f) => f.service))].sort();
    expect(blocking).toEqual(driftedServices(9));
  });
});
