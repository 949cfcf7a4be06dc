import { execa } from 'execa';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/types.js';
import { BIN, runCli, type CliRun } from '../support/run-cli.js';
import { copyFixture, FIXTURES } from '../support/temp-copy.js';

/** Several runs of the CLI, each rendering with Kustomize, on a machine that may be busy. */
const SLOW = 240_000;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function fixture(): Promise<string> {
  const { dir, cleanup } = await copyFixture('ecommerce-infra');
  cleanups.push(cleanup);
  return dir;
}

/** catalog-service: every render cacheable, one blocking finding (exit 1). */
const auditCatalog = (repoDir: string, cacheDir: string) =>
  runCli(['audit', '--repo', repoDir, '--service', 'catalog-service', '--format', 'json'], { env: { PARITY_CACHE_DIR: cacheDir } });

const findingsOf = (run: CliRun) => (JSON.parse(run.stdout) as AuditResult).findings;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();
}

describe('cache entries are verified against their recorded digest', () => {
  it('a replaced render entry is discarded and rendered again: the verdict holds', async () => {
    const repoDir = await fixture();
    const cacheDir = await tempDir('parity-cache-');
    const first = await auditCatalog(repoDir, cacheDir);
    expect(first.exitCode).toBe(1);
    const renders = await filesUnder(join(cacheDir, 'renders'));
    expect(renders).toHaveLength(3);
    // Every environment made to render exactly as production: no drift, exit 0 if trusted.
    const production = (await Promise.all(renders.map((file) => readFile(file, 'utf8')))).find((text) => text.includes('overlays/production'))!;
    for (const file of renders) await writeFile(file, production);
    await rm(join(cacheDir, 'candidates'), { recursive: true });
    const second = await auditCatalog(repoDir, cacheDir);
    expect(second.stderr).toBe('');
    expect(second.exitCode).toBe(1);
    expect(findingsOf(second)).toEqual(findingsOf(first));
    const third = await auditCatalog(repoDir, cacheDir);
    expect(third.exitCode).toBe(1);
    expect(findingsOf(third)).toEqual(findingsOf(first));
  }, SLOW);

  it('a replaced candidates entry is discarded and computed again: the verdict holds', async () => {
    const repoDir = await fixture();
    const cacheDir = await tempDir('parity-cache-');
    const first = await auditCatalog(repoDir, cacheDir);
    expect(first.exitCode).toBe(1);
    const candidates = await filesUnder(join(cacheDir, 'candidates'));
    expect(candidates).toHaveLength(1);
    await writeFile(candidates[0]!, '[]');
    const second = await auditCatalog(repoDir, cacheDir);
    expect(second.exitCode).toBe(1);
    expect(findingsOf(second)).toEqual(findingsOf(first));
  }, SLOW);
});

describe('an unusable cache directory is one warning line and a run without the cache', () => {
  const warning = (dir: string, problem: string) =>
    `parity: warning: cache directory ${dir} ${problem}; running without the cache`;

  let uncached: Promise<CliRun> | undefined;
  const plainRun = () =>
    (uncached ??= runCli(['audit', '--repo', join(FIXTURES, 'ecommerce-infra'), '--service', 'catalog-service', '--format', 'json', '--no-cache']));

  /** The run without a cache must give what --no-cache gives. */
  async function expectCachelessRun(run: CliRun, dir: string, problem: RegExp | string): Promise<void> {
    const plain = await plainRun();
    expect(run.exitCode).toBe(plain.exitCode);
    expect(findingsOf(run)).toEqual(findingsOf(plain));
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    if (typeof problem === 'string') expect(lines[0]).toBe(warning(dir, problem));
    else expect(lines[0]).toMatch(problem);
  }

  it('is a file', async () => {
    const repoDir = await fixture();
    const file = join(await tempDir('parity-cache-'), 'cache');
    await writeFile(file, 'not a directory');
    await expectCachelessRun(await auditCatalog(repoDir, file), file, 'is not a directory');
    expect(await readFile(file, 'utf8')).toBe('not a directory');
  }, SLOW);

  it('is under a file', async () => {
    const repoDir = await fixture();
    const file = join(await tempDir('parity-cache-'), 'cache');
    await writeFile(file, 'x');
    const dir = join(file, 'sub');
    await expectCachelessRun(await auditCatalog(repoDir, dir), dir, 'cannot be created (ENOTDIR)');
  }, SLOW);

  it('is under /proc (no hang on a pseudo file)', async () => {
    const repoDir = await fixture();
    await expectCachelessRun(await auditCatalog(repoDir, '/proc/self/fd/0'), '/proc/self/fd/0', 'is under /proc');
    await expectCachelessRun(await auditCatalog(repoDir, '/proc/parity-cache'), '/proc/parity-cache', 'is under /proc');
  }, SLOW);

  it('cannot be created (its parent is not writable)', async () => {
    const repoDir = await readableFixture();
    const parent = await tempDir('parity-cache-');
    await chmod(parent, 0o555);
    const dir = join(parent, 'cache');
    await expectCachelessRun(await asUnprivileged(repoDir, dir), dir, 'cannot be created (EACCES)');
    await expect(stat(dir)).rejects.toThrow(/ENOENT/);
  }, SLOW);

  it('is not writable (a read-only directory)', async () => {
    const repoDir = await readableFixture();
    const dir = await tempDir('parity-cache-');
    await chmod(dir, 0o500);
    await chown(dir, unprivileged().uid, unprivileged().gid).catch(notRoot);
    await expectCachelessRun(await asUnprivileged(repoDir, dir), dir, 'is not writable (EACCES)');
  }, SLOW);

  it('is on a read-only file system', async () => {
    const repoDir = await fixture();
    const dir = await tempDir('parity-cache-');
    const run = await onReadOnlyMount(dir, ['audit', '--repo', repoDir, '--service', 'catalog-service', '--format', 'json'], { PARITY_CACHE_DIR: dir });
    await expectCachelessRun(run, dir, 'is not writable (EROFS)');
    expect(await readdir(dir)).toEqual([]);
  }, SLOW);

  it("is another user's", async () => {
    const repoDir = await fixture();
    // Run as root: a directory handed to nobody; run as anyone else: root's own /.
    const dir = process.getuid?.() === 0 ? await tempDir('parity-cache-') : '/';
    if (dir !== '/') await chown(dir, 65534, 65534);
    const owner = (await stat(dir)).uid;
    await expectCachelessRun(await auditCatalog(repoDir, dir), dir, `is owned by another user (uid ${owner})`);
  }, SLOW);
});

describe('no credential reaches the cache, and the cache is private', () => {
  const PASSWORD = 'planted-db-password-7f3a';
  const TOKEN = 'planted-api-token-91c2';
  const files: Record<string, string> = {
    'parity.config.yaml': 'environments: [staging, production]\nlayout: apps/{service}/overlays/{env}\n',
    'apps/db/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
    'apps/db/base/deployment.yaml': deployment('db', `[{name: API_TOKEN, value: ${TOKEN}}]`),
    'apps/db/overlays/staging/kustomization.yaml': `resources: [../../base]\nconfigMapGenerator: [{name: db, literals: [DB_PASSWORD=${PASSWORD}, MODE=a]}]\n`,
    'apps/db/overlays/production/kustomization.yaml': `resources: [../../base]\nconfigMapGenerator: [{name: db, literals: [DB_PASSWORD=${PASSWORD}, MODE=b]}]\n`,
    'apps/web/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
    'apps/web/base/deployment.yaml': deployment('web', '[{name: MODE, value: plain}]'),
    'apps/web/overlays/staging/kustomization.yaml': 'resources: [../../base]\n',
    'apps/web/overlays/production/kustomization.yaml': 'resources: [../../base]\n',
  };

  it('renders holding a credential are not stored; directories are 0700 and files 0600, even in a dir that was 0755', async () => {
    const repoDir = await tempDir('parity-cache-repo-');
    for (const [file, text] of Object.entries(files)) {
      await mkdir(join(repoDir, file, '..'), { recursive: true });
      await writeFile(join(repoDir, file), text);
    }
    const cacheDir = join(await tempDir('parity-cache-'), 'cache');
    await mkdir(cacheDir, { mode: 0o755 });
    await chmod(cacheDir, 0o755);
    for (let round = 0; round < 2; round += 1) {
      const run = await runCli(['audit', '--repo', repoDir, '--format', 'json'], { env: { PARITY_CACHE_DIR: cacheDir } });
      expect(run.stderr).toBe('');
      expect(run.stdout).not.toContain(PASSWORD);
    }
    const stored = await filesUnder(cacheDir);
    expect(stored.filter((file) => file.includes('/renders/'))).toHaveLength(2);
    for (const file of stored) {
      const text = await readFile(file, 'utf8');
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(TOKEN);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
    const dirs = (await readdir(cacheDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isDirectory());
    expect(dirs.length).toBeGreaterThan(2);
    for (const entry of dirs) expect((await stat(join(entry.parentPath, entry.name))).mode & 0o777).toBe(0o700);
    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
  }, SLOW);
});

function deployment(name: string, env: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: ${name}, image: ghcr.io/acme/${name}:1.0.0, env: ${env}}]
`;
}

/** Permission checks do not bind root: as root, the CLI runs as nobody (through setpriv). */
function unprivileged(): { uid: number; gid: number } {
  return { uid: 65534, gid: 65534 };
}

function notRoot(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPERM') throw error;
}

/** A fixture copy nobody can read too (its temporary parent is 0700 by default). */
async function readableFixture(): Promise<string> {
  const dir = await fixture();
  await chmod(join(dir, '..'), 0o755);
  return dir;
}

async function asUnprivileged(repoDir: string, cacheDir: string): Promise<CliRun> {
  const args = [BIN, 'audit', '--repo', repoDir, '--service', 'catalog-service', '--format', 'json'];
  const env = { NO_COLOR: '1', PARITY_CACHE_DIR: cacheDir, HOME: tmpdir() };
  const { uid, gid } = unprivileged();
  const command = process.getuid?.() === 0
    ? execa('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', process.execPath, ...args], { env, reject: false })
    : execa(process.execPath, args, { env, reject: false });
  const result = await command;
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI in a private mount namespace where `dir` is bind-mounted read-only. */
async function onReadOnlyMount(dir: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  const script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"';
  const result = await execa('unshare', ['-rm', 'sh', '-c', script, dir, process.execPath, BIN, ...args], {
    env: { NO_COLOR: '1', ...env },
    reject: false,
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}
