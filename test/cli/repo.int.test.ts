import { execa } from 'execa';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { FIXTURES } from '../support/temp-copy.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const ENVS = ['dev', 'staging', 'production'];

/** A GitOps tree in the `gitops/` folder of a git repository: one service, three overlays. */
function gitopsFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'gitops/parity.config.yaml': 'environments: [dev, staging, production]\nlayout: apps/{service}/overlays/{env}\n',
    'gitops/apps/web/base/kustomization.yaml': 'resources: [configmap.yaml]\n',
    'gitops/apps/web/base/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  MODE: normal\n',
    'README.md': 'not part of the GitOps tree\n',
  };
  for (const env of ENVS) files[`gitops/apps/web/overlays/${env}/kustomization.yaml`] = 'resources: [../../base]\n';
  return files;
}

function onlyLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('where parity finds the repository', () => {
  let repo: TempRepo;
  let outside: string;
  beforeAll(async () => {
    repo = await createTempRepo(gitopsFiles());
    outside = await mkdtemp(join(tmpdir(), 'parity-outside-'));
  });
  afterAll(async () => {
    await repo.remove();
    await rm(outside, { recursive: true, force: true });
  });

  it('a --repo that does not exist says so in one line, exit 2', async () => {
    const run = await runCli(['audit', '--repo', join(outside, 'no-such-dir')]);
    expect(run.exitCode).toBe(2);
    expect(onlyLine(run.stderr)).toBe(`parity: --repo '${join(outside, 'no-such-dir')}' does not exist`);
  });

  it('a --repo that is a file says so too', async () => {
    const run = await runCli(['audit', '--repo', join(repo.dir, 'README.md')]);
    expect(run.exitCode).toBe(2);
    expect(onlyLine(run.stderr)).toBe(`parity: --repo '${join(repo.dir, 'README.md')}' is not a directory`);
  });

  it('run from a subfolder without --repo, it walks up to the folder holding parity.config.yaml', async () => {
    const run = await runCli(['audit', '--quiet'], { cwd: join(repo.dir, 'gitops/apps/web/overlays/production') });
    expect(run.stdout).toBe('parity: no blocking differences');
    expect(run.exitCode).toBe(0);
    const named = await runCli(['audit', '--service', 'webb'], { cwd: join(repo.dir, 'gitops/apps') });
    expect(onlyLine(named.stderr)).toBe("parity: parity.config.yaml: unknown service 'webb' (did you mean 'web'? known: web)");
  });

  it('the walk stops at the git root: a config above it is not picked up', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'parity-parent-'));
    try {
      await writeFile(join(parent, 'parity.config.yaml'), 'environments: [qa, live]\nlayout: apps/{service}/overlays/{env}\n');
      const inner = join(parent, 'inner');
      await mkdir(join(inner, 'apps', 'web', 'overlays', 'qa'), { recursive: true });
      await execa('git', ['init', '-q', inner]);
      const run = await runCli(['audit', '--env', 'qa'], { cwd: join(inner, 'apps') });
      expect(run.exitCode).toBe(2);
      // No config was read: the default environments apply, in the working directory.
      expect(onlyLine(run.stderr)).toBe("parity: unknown env 'qa' (known: dev, staging, production)");
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('--config is relative to the working directory, not to the repo', async () => {
    const cwd = join(repo.dir, 'gitops', 'apps');
    await repo.write('gitops/apps/alt/parity.yaml', 'environments: [dev, staging, production]\nlayout: apps/{service}/overlays/{env}\npolicies: []\n');
    const run = await runCli(['audit', '--repo', '..', '--config', 'alt/parity.yaml', '--service', 'nope'], { cwd });
    expect(run.exitCode).toBe(2);
    expect(onlyLine(run.stderr)).toBe("parity: apps/alt/parity.yaml: unknown service 'nope' (known: web)");
  });

  it('--argocd is relative to the working directory, not to the repo', async () => {
    const cwd = join(FIXTURES, 'ecommerce-infra', 'apps');
    const run = await runCli(['audit', '--repo', '..', '--argocd', '../argocd', '--service', 'nope'], { cwd });
    expect(run.exitCode).toBe(2);
    expect(onlyLine(run.stderr)).toBe(`parity: no Argo CD Application in ${join(FIXTURES, 'ecommerce-infra', 'argocd')} deploys service 'nope'`);
  });

  it('--changed-since a commit a shallow clone lacks: exit 2 with the fetch-depth hint', async () => {
    await repo.write('gitops/apps/web/base/configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  MODE: second\n');
    await repo.git('commit', '-q', '-am', 'second');
    const clone = join(outside, 'clone');
    await execa('git', ['clone', '-q', '--depth', '1', `file://${repo.dir}`, clone], { env: { GIT_CONFIG_GLOBAL: '/dev/null' } });
    const run = await runCli(['audit', '--changed-since', 'HEAD~1'], { cwd: join(clone, 'gitops', 'apps') });
    expect(run.exitCode).toBe(2);
    expect(onlyLine(run.stderr)).toMatch(/'HEAD~1' does not name a commit.*shallow clone.*fetch-depth: 0/);
  });
});
