/**
 * `--out` and gate's private copy: a report that cannot be written is one exit-2 line and
 * nothing on disk; the writer never follows or replaces a symlink, FIFO or directory; a
 * read-only kustomization does not stop `gate`. Real runs of the built CLI.
 */
import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/types.js';
import { BIN, runCli, type CliRun } from '../support/run-cli.js';
import { FIXTURES } from '../support/temp-copy.js';
import { expectOneErrorLine } from './support/expect-one-line.js';
import { writeTinyRepo } from './support/fake-renderer.js';

let root: string;
let repo: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'parity-faults-output-'));
  repo = join(root, 'repo');
  await writeTinyRepo(repo, 1);
});
afterAll(() => rm(root, { recursive: true, force: true }));

const auditTo = (out: string, env: Record<string, string> = {}) =>
  runCli(['audit', '--repo', repo, '--no-cache', '--format', 'json', '--out', out], { env });

/** Files in `dir` other than `keep`: a temporary file left behind would show here. */
async function othersIn(dir: string, keep: string[]): Promise<string[]> {
  return (await readdir(dir)).filter((name) => !keep.includes(name));
}

/**
 * Runs the CLI as an unprivileged user when the tests run as root (root ignores file modes),
 * so a read-only file or directory is really read-only to it.
 */
async function runUnprivileged(args: string[]): Promise<CliRun> {
  const command = [process.execPath, BIN, ...args];
  const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...command] : command;
  const result = await execa(asNobody[0]!, asNobody.slice(1), { env: { NO_COLOR: '1', HOME: root, TMPDIR: tmpdir() }, reject: false, timeout: 120_000 });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('--out that cannot be written', () => {
  it('into a missing directory', async () => {
    const out = join(root, 'missing', 'report.json');
    const run = await auditTo(out);
    expectOneErrorLine(run, /^parity: .*\/missing\/report\.json: cannot write: its directory does not exist \(ENOENT\); nothing was written$/);
    expect(existsSync(join(root, 'missing'))).toBe(false);
  });

  it('onto a directory', async () => {
    const out = join(root, 'a-directory');
    await mkdir(out);
    const run = await auditTo(out);
    expectOneErrorLine(run, /a-directory: cannot write: it exists and is a directory, not a regular file; nothing was written$/);
    expect(await readdir(out)).toEqual([]);
    expect(await othersIn(root, ['repo', 'a-directory', 'missing'])).toEqual([]);
  });

  it('into a file system that refuses new files (/sys)', async () => {
    const run = await auditTo('/sys/parity-report.json');
    expectOneErrorLine(run, /^parity: \/sys\/parity-report\.json: cannot write: permission denied \(EACCES\); nothing was written$/);
    expect(existsSync('/sys/parity-report.json')).toBe(false);
  });

  it('into a read-only directory', async () => {
    const dir = join(root, 'read-only');
    await mkdir(dir);
    await chmod(root, 0o755);
    await chmod(repo, 0o755);
    execFileSync('chmod', ['-R', 'a+rX', repo]);
    await chmod(dir, 0o555);
    const run = await runUnprivileged(['audit', '--repo', repo, '--no-cache', '--format', 'json', '--out', join(dir, 'report.json')]);
    expectOneErrorLine(run, /read-only\/report\.json: cannot write: permission denied \(EACCES\); nothing was written$/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('onto a symbolic link: refused, the file it points to untouched', async () => {
    const dir = join(root, 'link');
    await mkdir(dir);
    await writeFile(join(dir, 'precious.txt'), 'keep me\n');
    await symlink(join(dir, 'precious.txt'), join(dir, 'report.json'));
    const run = await auditTo(join(dir, 'report.json'));
    expectOneErrorLine(run, /report\.json: cannot write: it exists and is a symbolic link, not a regular file; nothing was written$/);
    expect(await readFile(join(dir, 'precious.txt'), 'utf8')).toBe('keep me\n');
    expect((await lstat(join(dir, 'report.json'))).isSymbolicLink()).toBe(true);
    expect(await othersIn(dir, ['precious.txt', 'report.json'])).toEqual([]);
  });

  it('onto a FIFO: refused without blocking on it', async () => {
    const dir = join(root, 'fifo');
    await mkdir(dir);
    execFileSync('mkfifo', [join(dir, 'report.json')]);
    const run = await auditTo(join(dir, 'report.json'));
    expectOneErrorLine(run, /report\.json: cannot write: it exists and is a FIFO, not a regular file; nothing was written$/);
    expect((await lstat(join(dir, 'report.json'))).isFIFO()).toBe(true);
    expect(await othersIn(dir, ['report.json'])).toEqual([]);
  });
});

describe('--out that can be written', () => {
  it('replaces a regular file whole, keeps its mode and leaves no temporary file', async () => {
    const dir = join(root, 'ok');
    await mkdir(dir);
    const out = join(dir, 'report.json');
    await writeFile(out, 'old report\n', { mode: 0o640 });
    await chmod(out, 0o640);
    const run = await auditTo(out);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect((JSON.parse(await readFile(out, 'utf8')) as AuditResult).schemaVersion).toBe(1);
    expect((await stat(out)).mode & 0o777).toBe(0o640);
    expect(await othersIn(dir, ['report.json'])).toEqual([]);
  });
});

describe('parity gate with a read-only (0444) target kustomization', () => {
  it('renders its private copy after the bump instead of crashing, and leaves the file as it was', async () => {
    const copy = join(root, 'gate-repo');
    await cp(join(FIXTURES, 'ecommerce-infra'), copy, { recursive: true });
    execFileSync('chmod', ['-R', 'a+rX', root]);
    const target = join(copy, 'apps/checkout-service/overlays/staging/kustomization.yaml');
    await chmod(target, 0o444);
    const before = await readFile(target, 'utf8');
    const run = await runUnprivileged(['gate', '--repo', copy, '--service', 'checkout-service', '--from', 'dev', '--to', 'staging',
      '--tag', 'v9.9.9', '--format', 'json']);
    expect(run.stderr).not.toMatch(/internal error|^\s+at /m);
    expect([0, 1]).toContain(run.exitCode);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.errors).toEqual([]);
    expect(result.gate).toBeDefined();
    expect(await readFile(target, 'utf8')).toBe(before);
    expect((await stat(target)).mode & 0o777).toBe(0o444);
  });
});

describe('a report whose reader went away', () => {
  it('is exit 2 with one line when stdout is a closed pipe, not an EPIPE stack', async () => {
    const subprocess = execa(process.execPath, [BIN, 'audit', '--repo', repo, '--no-cache', '--format', 'json'], {
      env: { NO_COLOR: '1' },
      reject: false,
      timeout: 120_000,
    });
    subprocess.stdout.destroy();
    const result = await subprocess;
    expectOneErrorLine(
      { exitCode: result.exitCode ?? -1, stdout: '', stderr: String(result.stderr) },
      /^parity: cannot write the report to stdout: EPIPE; it was not delivered$/,
    );
  });
});

describe('gate without a usable temporary directory', () => {
  it('reports the post-bump render as failed (exit 2), not an internal error', async () => {
    const run = await runCli(['gate', '--repo', join(FIXTURES, 'ecommerce-infra'), '--service', 'checkout-service', '--from', 'dev',
      '--to', 'staging', '--tag', 'v9.9.9', '--format', 'json'], { env: { TMPDIR: join(root, 'no-such-tmp') } });
    expectOneErrorLine(run, /no-such-tmp: cannot create a private copy for the post-bump render: ENOENT$/);
    const errors = (JSON.parse(run.stdout) as { errors: Array<{ code: string; reason?: string }> }).errors;
    expect(errors).toEqual([expect.objectContaining({ code: 'RENDER_FAILED', reason: 'PROMOTE_COPY_DIR_FAILED' })]);
    expect(existsSync(join(root, 'no-such-tmp'))).toBe(false);
  });
});
