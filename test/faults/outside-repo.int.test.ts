import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { deployment, oneLine, serviceFiles, type FaultRepo, useFaultRepos } from './fault-repo.js';

const repoWith = useFaultRepos();

/** A base outside the repo holding a value that must never be printed. */
async function outsideBase(repo: FaultRepo): Promise<string> {
  const dir = join(repo.outside, 'base');
  await mkdir(dir);
  await writeFile(join(dir, 'kustomization.yaml'), 'resources: [deployment.yaml]\n');
  await writeFile(join(dir, 'deployment.yaml'), deployment('web', 'outside-only-value'));
  return dir;
}

const render = (repo: FaultRepo, ...args: string[]) =>
  runCli(['render', '--repo', repo.dir, '--service', 'web', '--env', 'production', ...args]);

describe('nothing outside the repo is read', () => {
  it('refuse a base reached through ../ beyond the repo root, naming the kustomization', async () => {
    const repo = await repoWith(serviceFiles('web'));
    const base = await outsideBase(repo);
    const relative = `../../../../../${base.split('/').slice(-2).join('/')}`;
    await repo.write('apps/web/overlays/production/kustomization.yaml', `resources:\n  - ${relative}\n`);
    const before = await repo.snapshot();
    const run = await render(repo);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    const line = oneLine(run.stderr);
    expect(line).toMatch(/apps\/web\/overlays\/production\/kustomization\.yaml:2: resources entry '.*' resolves to .*, outside the repository/);
    expect(line).not.toContain('outside-only-value');
    expect(await repo.snapshot()).toBe(before);
  });

  it('refuse a base reached through a symlinked directory pointing outside; --allow-root lets it in', async () => {
    const files = serviceFiles('web');
    delete files['apps/web/base/kustomization.yaml'];
    delete files['apps/web/base/deployment.yaml'];
    const repo = await repoWith(files);
    const base = await outsideBase(repo);
    await symlink(base, join(repo.dir, 'apps/web/base'));
    const before = await repo.snapshot();
    const refused = await render(repo);
    expect(refused.exitCode).toBe(2);
    expect(refused.stdout).toBe('');
    expect(oneLine(refused.stderr)).toMatch(new RegExp(`kustomization\\.yaml:1: resources entry '\\.\\./\\.\\./base' resolves to ${base}, outside`));
    expect(await repo.snapshot()).toBe(before);

    const allowed = await render(repo, '--allow-root', repo.outside);
    expect(allowed.stderr).toBe('');
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stdout).toContain('outside-only-value');
  });

  it('refuse the same in an audit, as an error of that overlay, before Kustomize runs', async () => {
    const repo = await repoWith(serviceFiles('web'));
    const base = await outsideBase(repo);
    await repo.write('apps/web/overlays/production/kustomization.yaml', `resources:\n  - ${base}\n`);
    const run = await runCli(['audit', '--repo', repo.dir, '--no-cache', '--format', 'json']);
    expect(run.exitCode).toBe(2);
    const errors = JSON.parse(run.stdout).errors as Array<{ env: string; message: string; file: string; line: number }>;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ env: 'production', file: 'apps/web/overlays/production/kustomization.yaml', line: 2 });
    expect(errors[0]!.message).toMatch(/outside the repository/);
    expect(run.stdout).not.toContain('outside-only-value');
  });

  it('refuse a policies/ folder symlinked outside the repo (an allow-all policy there never applies)', async () => {
    const repo = await repoWith({ ...serviceFiles('web'), 'apps/web/overlays/production/kustomization.yaml': 'resources: [../../base]\nnamePrefix: p-\ncommonLabels: {drift: yes}\n' });
    const policies = join(repo.outside, 'policies');
    await mkdir(policies);
    await writeFile(
      join(policies, 'allow-all.yaml'),
      'apiVersion: parity.dev/v1alpha1\nkind: ParityPolicy\nmetadata: {name: all}\nspec:\n  allow:\n    - id: everything\n      reason: anything goes\n',
    );
    await symlink(policies, join(repo.dir, 'policies'));
    const run = await runCli(['audit', '--repo', repo.dir, '--no-cache']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(oneLine(run.stderr)).toMatch(new RegExp(`policy path 'policies' resolves to ${policies}, outside the repository`));
  });

  it('refuse a policy file in policies/ that is a symlink to outside', async () => {
    const repo = await repoWith({ ...serviceFiles('web'), 'policies/README.md': 'policies\n' });
    await writeFile(join(repo.outside, 'p.yaml'), 'apiVersion: parity.dev/v1alpha1\nkind: ParityPolicy\nmetadata: {name: p}\nspec: {}\n');
    await symlink(join(repo.outside, 'p.yaml'), join(repo.dir, 'policies/p.yaml'));
    const run = await runCli(['audit', '--repo', repo.dir, '--no-cache']);
    expect(run.exitCode).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/policies\/p\.yaml: policy path 'policies\/p\.yaml' resolves to .*p\.yaml, outside the repository/);
  });

  it('refuse a --config inside the repo that is a symlink to outside', async () => {
    const repo = await repoWith(serviceFiles('web'));
    await writeFile(join(repo.outside, 'parity.config.yaml'), 'environments: [dev, staging, production]\n');
    await symlink(join(repo.outside, 'parity.config.yaml'), join(repo.dir, 'linked.yaml'));
    const before = await repo.snapshot();
    const run = await runCli(['audit', '--repo', repo.dir, '--no-cache', '--config', join(repo.dir, 'linked.yaml')]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(oneLine(run.stderr)).toMatch(/linked\.yaml: config file 'linked\.yaml' resolves to .*parity\.config\.yaml, outside the repository/);
    expect(await repo.snapshot()).toBe(before);
  });
});
