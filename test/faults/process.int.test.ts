/**
 * Renderer and process faults: a hung, runaway or garbage-printing renderer, signals and bad
 * `--timeout` values. Each case runs the built CLI with a fake renderer script
 * (`--kustomize PATH`) and checks the exit code, the one-line message and what is left behind.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/types.js';
import { BIN, runCli } from '../support/run-cli.js';
import { expectOneErrorLine } from './support/expect-one-line.js';
import { writeFakeRenderer, writeTinyRepo } from './support/fake-renderer.js';
import { isAlive, spawnCli, waitFor } from './support/spawn-cli.js';

let root: string;
let repo: string;
let temp: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'parity-faults-process-'));
  repo = join(root, 'repo');
  temp = join(root, 'tmp');
  await writeTinyRepo(repo, 1);
  await mkdir(temp);
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** The env of a run: a private TMPDIR and cache, so leftovers are ours to see. */
const envOf = (extra: Record<string, string> = {}) => ({ TMPDIR: temp, PARITY_CACHE_DIR: join(root, 'cache'), ...extra });

const audit = (renderer: string, ...extra: string[]) =>
  ['audit', '--repo', repo, '--no-cache', '--kustomize', renderer, '--format', 'json', ...extra];

async function leftovers(): Promise<string[]> {
  return (await readdir(temp)).filter((name) => name.startsWith('parity-'));
}

async function pidsIn(file: string): Promise<number[]> {
  return (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s during an audit with a hanging renderer', (signal, code) => {
  it(`kills the renderer's process group, removes parity-batch-* and exits ${code}`, async () => {
    await writeTinyRepo(repo, 15);
    const pids = join(root, 'pids');
    // The renderer starts a grandchild and waits: only a kill of the whole group stops both.
    const fake = await writeFakeRenderer(join(root, 'bin'), `sleep 1000 &\necho $! >> '${pids}'\necho $$ >> '${pids}'\nwait`);
    const run = spawnCli(audit(fake.path, '--timeout', '600'), envOf());
    await waitFor(async () => (await pidsIn(pids)).length >= 2 && (await leftovers()).some((name) => name.startsWith('parity-batch-')), 'a batch render to start');
    const started = await pidsIn(pids);
    run.kill(signal);
    const result = await run;
    expect(result.exitCode).toBe(code);
    expect(result.stderr.trim()).toBe(`parity: stopped by ${signal}; nothing was reported`);
    expect(result.stdout).toBe('');
    for (const pid of started) await waitFor(() => !isAlive(pid), `renderer process ${pid} to be gone`, 10_000);
    expect(await leftovers()).toEqual([]);
  });
});

describe('a renderer that hangs, with --timeout 2', () => {
  it('reports RENDER_TIMEOUT for every overlay and retries a timed-out batch once, not by halves', async () => {
    await writeTinyRepo(repo, 15);
    const fake = await writeFakeRenderer(join(root, 'bin'), 'exec sleep 1000');
    const run = await runCli(audit(fake.path, '--timeout', '2'), { env: envOf() });
    expect(run.exitCode).toBe(2);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.errors.map((error) => error.code)).toEqual(Array(15).fill('RENDER_TIMEOUT'));
    const slots = await fake.slots();
    const batches = slots.filter((count) => count > 1);
    const alone = slots.filter((count) => count === 1);
    // Splitting halves would run the overlays again in smaller batches, each with the full timeout:
    // instead every overlay is in at most one batch run, then rendered alone at most once.
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(15);
    expect(alone.length).toBeLessThanOrEqual(15);
    expect(new Set(await fake.invocations()).size).toBe(slots.length);
    expect(await leftovers()).toEqual([]);
  });
});

describe('a renderer whose output is too large', () => {
  it('is stopped once it passes PARITY_MAX_RENDER_BYTES: exit 2 naming the overlay', async () => {
    const pids = join(root, 'pids');
    const fake = await writeFakeRenderer(join(root, 'bin'), `echo $$ >> '${pids}'\nexec yes 'apiVersion: v1'`);
    const run = await runCli(audit(fake.path), { env: envOf({ PARITY_MAX_RENDER_BYTES: '65536' }) });
    expectOneErrorLine(run, /^parity: render output too large: Kustomize printed more than 65536 bytes rendering apps\/svc0\/overlays\/dev; it was stopped$/);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.summary.renders).toBe(0);
    for (const pid of await pidsIn(pids)) await waitFor(() => !isAlive(pid), `renderer process ${pid} to be gone`, 10_000);
  });

  it('refuses a PARITY_MAX_RENDER_BYTES that is not a positive number of bytes', async () => {
    const fake = await writeFakeRenderer(join(root, 'bin'), 'exit 1');
    const run = await runCli(audit(fake.path), { env: envOf({ PARITY_MAX_RENDER_BYTES: '1e9' }) });
    expectOneErrorLine(run, /^parity: PARITY_MAX_RENDER_BYTES must be a positive whole number of bytes, got '1e9'$/);
    expect(await fake.invocations()).toEqual([]);
  });
});

describe('a renderer that exits 0 with garbage', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['text that is not YAML', `printf '}{ not: [yaml\\n'`, /^parity: kustomize output of apps\/svc0\/overlays\/dev:1: invalid YAML: /],
    ['YAML that is not Kubernetes objects', `printf 'hello: world\\n---\\n- 1\\n'`, /^parity: kustomize output of apps\/svc0\/overlays\/dev:1: document 1 is not a Kubernetes object: apiVersion is missing$/],
    ['nothing at all', 'exit 0', /^parity: every overlay of service 'svc0' rendered no resources/],
  ];

  it.each(cases)('%s is exit 2 naming the overlay', async (_name, body, said) => {
    const fake = await writeFakeRenderer(join(root, 'bin'), body);
    const run = await runCli(audit(fake.path), { env: envOf() });
    expectOneErrorLine(run, said);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.findings).toEqual([]);
    // Empty output is judged per service (every overlay of svc0 rendered nothing); garbage per overlay.
    expect(result.errors).toEqual([expect.objectContaining({ code: 'RENDER_FAILED', service: 'svc0' })]);
  });
});

describe('--timeout values', () => {
  it.each(['2147484', '9e99', '0', '0.0001', '-5', 'abc', '', 'Infinity', '1e3'])('%j is a usage error before anything renders', async (value) => {
    const fake = await writeFakeRenderer(join(root, 'bin'), 'exit 1');
    const run = await runCli(audit(fake.path, '--timeout', value), { env: envOf() });
    expectOneErrorLine(run, /^parity: --timeout must be a number of seconds between 0\.001 and 2147483, got '.*'$/);
    expect(run.stdout).toBe('');
    expect(await fake.invocations()).toEqual([]);
  });
});

describe('a command whose work never settles', () => {
  it('is exit 2 "command ended without a result", never Node\'s default exit 0', async () => {
    const preload = join(import.meta.dirname, 'support/stall-config-read.mjs');
    const result = await execa(process.execPath, ['--import', preload, BIN, 'audit', '--repo', repo, '--no-cache', '--format', 'json'], {
      env: envOf({ NO_COLOR: '1' }),
      reject: false,
      timeout: 120_000,
    });
    expectOneErrorLine(
      { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr },
      /^parity: internal: command ended without a result$/,
    );
    expect(result.stdout).toBe('');
  });
});
