import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutCredentials } from '../../src/git/repo-identity.js';
import { runCli } from '../support/run-cli.js';
import { createFaultRepo, oneLine, serviceFiles, type FaultRepo } from './fault-repo.js';

/** The part of a result file the edits below touch. */
type Shard = { shard?: Partial<Record<'repo' | 'commit' | 'toolVersion' | 'renderer' | 'policyDigest', string>> };

let repo: FaultRepo;
/** shard-K-of-N.json → path. */
const shards = new Map<string, string>();
let whole: { exitCode: number; blocking: number };

const shardFile = (k: number, n: number) => shards.get(`${k}/${n}`)!;

async function runShard(k: number, n: number, name = `${k}-of-${n}`): Promise<string> {
  const out = join(repo.outside, `${name}.json`);
  const run = await runCli(['audit', '--repo', repo.dir, '--no-cache', '--format', 'json', '--out', out, '--shard', `${k}/${n}`]);
  if (run.exitCode === 2) throw new Error(run.stderr);
  return out;
}

beforeAll(async () => {
  const files = { ...serviceFiles('api'), ...serviceFiles('web'), ...serviceFiles('worker') };
  files['apps/web/overlays/production/kustomization.yaml'] = 'resources: [../../base]\ncommonLabels: {tier: gold}\n';
  repo = await createFaultRepo(files);
  for (const [k, n] of [[1, 3], [2, 3], [3, 3], [1, 2]] as const) shards.set(`${k}/${n}`, await runShard(k, n));
  const run = await runCli(['audit', '--repo', repo.dir, '--no-cache', '--format', 'json']);
  whole = { exitCode: run.exitCode, blocking: JSON.parse(run.stdout).summary.blocking };
}, 240_000);
afterAll(async () => {
  await repo.cleanup();
});

async function merge(...files: string[]) {
  const out = join(repo.outside, 'merged.json');
  await rm(out, { force: true });
  const run = await runCli(['merge', ...files, '--format', 'json', '--out', out]);
  const written = await access(out).then(() => true, () => false);
  return { ...run, out, written };
}

async function edited(file: string, name: string, edit: (json: Shard) => void): Promise<string> {
  const json = JSON.parse(await readFile(file, 'utf8'));
  edit(json);
  const path = join(repo.outside, name);
  await writeFile(path, JSON.stringify(json));
  return path;
}

describe('parity merge of shards', () => {
  it('merge a complete shard set into the unsharded verdict', async () => {
    expect(whole.exitCode).toBe(1);
    const run = await merge(shardFile(1, 3), shardFile(2, 3), shardFile(3, 3));
    expect(run.exitCode).toBe(whole.exitCode);
    expect(JSON.parse(await readFile(run.out, 'utf8')).summary.blocking).toBe(whole.blocking);
    const shard = JSON.parse(await readFile(shardFile(2, 3), 'utf8')).shard;
    expect(shard).toMatchObject({ index: 2, count: 3, all: ['api', 'web', 'worker'], commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(shard.configDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(shard.renderer).toMatch(/^(kubectl|kustomize) v\d/);
  });

  it.each([
    ['one shard of three', () => [shardFile(1, 3)], /incomplete shard set: missing shard 2\/3, 3\/3 \(got 1 of 3\)/],
    ['the same shard twice', () => [shardFile(1, 3), shardFile(1, 3), shardFile(2, 3), shardFile(3, 3)], /shard 1\/3 given twice/],
    ['shards of different counts', () => [shardFile(1, 3), shardFile(1, 2), shardFile(3, 3)], /1-of-2\.json: shard count '2' differs from '3'/],
  ])('refuse %s', async (_name, files, message) => {
    const run = await merge(...files());
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(oneLine(run.stderr)).toMatch(message);
    expect(run.written).toBe(false);
  });

  it.each([
    ['another repository', (json: Shard) => (json.shard!.repo = 'root:0000000000000000000000000000000000000000'), /repository/],
    ['another parity version', (json: Shard) => (json.shard!.toolVersion = '9.9.9'), /parity version '9\.9\.9'/],
    ['another renderer', (json: Shard) => (json.shard!.renderer = 'kustomize v4.5.4'), /renderer 'kustomize v4\.5\.4'/],
    ['another policy', (json: Shard) => (json.shard!.policyDigest = 'f'.repeat(64)), /policy digest/],
    ['a shard without its run identity', (json: Shard) => delete json.shard!.commit, /records no run identity/],
    ['an unsharded result', (json: Shard) => delete json.shard, /not a shard result/],
  ])('refuse a shard of %s', async (_name, edit, message) => {
    const odd = await edited(shardFile(3, 3), 'odd.json', edit);
    const run = await merge(shardFile(1, 3), shardFile(2, 3), odd);
    expect(run.exitCode).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/odd\.json: /);
    expect(oneLine(run.stderr)).toMatch(message);
    expect(run.written).toBe(false);
  });

  it('refuse a shard of another commit', async () => {
    await repo.write('apps/api/base/notes.txt', 'later\n');
    await repo.git('add', '-A');
    await repo.git('commit', '-q', '-m', 'later');
    const later = await runShard(3, 3, 'later-3-of-3');
    const run = await merge(shardFile(1, 3), shardFile(2, 3), later);
    expect(run.exitCode).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/later-3-of-3\.json: commit '[0-9a-f]{40}' differs from '[0-9a-f]{40}'/);
    expect(run.written).toBe(false);
  });

  it.each([
    ['not JSON', 'broken.json', '{"schemaVersion": 1,', /broken\.json: not valid JSON/],
    ['JSON without pairs', 'nopairs.json', JSON.stringify({ schemaVersion: 1, services: [], findings: [], errors: [], summary: { renders: 0 } }), /nopairs\.json: not a parity JSON result .*`pairs`/],
    ['another JSON document', 'other.json', '[1, 2, 3]', /other\.json: not a parity JSON result .*not a JSON object/],
  ])('refuse a file that is %s, naming it', async (_name, name, text, message) => {
    const path = join(repo.outside, name);
    await writeFile(path, text);
    const run = await merge(shardFile(1, 3), path);
    expect(run.exitCode).toBe(2);
    expect(oneLine(run.stderr)).toMatch(message);
    expect(run.written).toBe(false);
  });
});

describe('repository identity', () => {
  it('keep no credentials of the origin URL', () => {
    expect(withoutCredentials('https://x-access-token:s3cr3t@github.com/org/repo.git')).toBe('github.com/org/repo');
    expect(withoutCredentials('git@github.com:org/repo.git')).toBe('github.com/org/repo');
    expect(withoutCredentials('ssh://git@host:22/org/repo')).toBe('host:22/org/repo');
  });
});
