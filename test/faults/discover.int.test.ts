import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { deployment, oneLine, serviceFiles, type FaultRepo, useFaultRepos } from './fault-repo.js';

const repoWith = useFaultRepos();

const audit = (repo: FaultRepo, ...args: string[]) => runCli(['audit', '--repo', repo.dir, '--no-cache', '--format', 'json', ...args]);

interface Json {
  services: Array<{ name: string; envs: string[] }>;
  findings: Array<{ code: string; service: string; envs: string[]; blocking: boolean; resource: unknown; message: string; allowed: unknown; values: unknown }>;
  errors: Array<{ code: string; service?: string; message: string }>;
}

describe('symlinked overlays', () => {
  it('follow an overlay symlinked to a directory inside the repo, and compare it', async () => {
    const files = serviceFiles('web', ['dev', 'staging']);
    files['envs/web-production/kustomization.yaml'] = 'resources: [../../apps/web/base]\npatches:\n  - path: mode.yaml\n';
    files['envs/web-production/mode.yaml'] = deployment('web', 'strict').split('\n').slice(0, 4).join('\n') +
      '\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          env:\n            - name: MODE\n              value: strict\n';
    const repo = await repoWith(files);
    await symlink('../../../envs/web-production', join(repo.dir, 'apps/web/overlays/production'));
    const before = await repo.snapshot();
    const run = await audit(repo);
    const result = JSON.parse(run.stdout) as Json;
    expect(result.services).toEqual([{ name: 'web', envs: ['dev', 'staging', 'production'] }]);
    expect(result.findings.filter((f) => f.blocking).map((f) => [f.code, f.envs])).toEqual([['VALUE_DRIFT', ['staging', 'production']]]);
    expect(run.exitCode).toBe(1);
    expect(await repo.snapshot()).toBe(before);
  });

  it('refuse an overlay symlinked outside the repo, naming the link and its target', async () => {
    const repo = await repoWith(serviceFiles('web', ['dev', 'staging']));
    await mkdir(join(repo.outside, 'prod'));
    await writeFile(join(repo.outside, 'prod/kustomization.yaml'), 'resources: []\n');
    await symlink(join(repo.outside, 'prod'), join(repo.dir, 'apps/web/overlays/production'));
    const before = await repo.snapshot();
    const run = await audit(repo);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    const line = oneLine(run.stderr);
    expect(line).toContain("symlink 'apps/web/overlays/production'");
    expect(line).toContain(join(repo.outside, 'prod'));
    expect(line).toMatch(/outside the repository/);
    expect(await repo.snapshot()).toBe(before);
  });
});

describe('missing environments', () => {
  const twoServices = { ...serviceFiles('web'), ...serviceFiles('api', ['dev', 'staging']) };

  it('report a config environment one service lacks while others have it, as blocking', async () => {
    const repo = await repoWith(twoServices);
    const before = await repo.snapshot();
    const run = await audit(repo);
    const result = JSON.parse(run.stdout) as Json;
    const missing = result.findings.filter((f) => f.service === 'api' && f.code === 'RESOURCE_MISSING');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ envs: ['staging', 'production'], blocking: true, resource: null, allowed: null });
    expect(missing[0]!.values).toEqual({ staging: 'present', production: 'no overlay' });
    expect(missing[0]!.message).toMatch(/Service api has no overlay for production/);
    expect(run.exitCode).toBe(1);
    expect(await repo.snapshot()).toBe(before);
  });

  it('accept a service whose config leaves the environment out', async () => {
    const repo = await repoWith({
      ...twoServices,
      'parity.config.yaml': 'layout: apps/{service}/overlays/{env}\nservices:\n  - name: web\n  - name: api\n    envs: [dev, staging]\n',
    });
    const run = await audit(repo);
    expect(JSON.parse(run.stdout).findings.filter((f: { code: string }) => f.code === 'RESOURCE_MISSING')).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  it('let an allow rule name the service and environment explicitly', async () => {
    const repo = await repoWith({
      ...twoServices,
      'policies/skip.yaml':
        'apiVersion: parity.dev/v1alpha1\nkind: ParityPolicy\nmetadata: {name: skip}\nspec:\n  allow:\n' +
        '    - id: api-not-in-production\n      reason: api runs only before production\n      services: [api]\n      pairs: [staging:production]\n',
    });
    const run = await audit(repo);
    const finding = (JSON.parse(run.stdout) as Json).findings.find((f) => f.code === 'RESOURCE_MISSING');
    expect(finding).toMatchObject({ service: 'api', blocking: false, allowed: { rule: 'api-not-in-production' } });
    expect(run.exitCode).toBe(0);
  });

  it('refuse an --env that a service lacks, naming the service', async () => {
    const repo = await repoWith(twoServices);
    const run = await audit(repo, '--env', 'production');
    expect(run.exitCode).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/service 'api' has no overlay for production \(it has: dev, staging\)/);
    expect(run.stdout).toBe('');
  });

  it('refuse an environment name the config does not know, with a suggestion', async () => {
    const repo = await repoWith(twoServices);
    const run = await audit(repo, '--env', 'prod');
    expect(run.exitCode).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/unknown env 'prod' \(did you mean 'production'\? known: dev, staging, production\)/);
  });
});

describe('renders with nothing in them', () => {
  it('report an overlay that renders nothing while its service renders elsewhere', async () => {
    const files = serviceFiles('web');
    files['apps/web/overlays/production/kustomization.yaml'] = 'resources: []\n';
    const repo = await repoWith(files);
    const run = await audit(repo);
    const result = JSON.parse(run.stdout) as Json;
    const empty = result.findings.filter((f) => f.code === 'RESOURCE_MISSING' && f.resource === null);
    expect(empty).toHaveLength(1);
    expect(empty[0]).toMatchObject({ envs: ['staging', 'production'], blocking: true });
    expect(empty[0]!.message).toMatch(/production overlay of service web renders no resources/);
    expect(run.exitCode).toBe(1);
  });

  it('fail closed when the renderer prints nothing for every overlay', async () => {
    const repo = await repoWith(serviceFiles('web'));
    const fake = join(repo.outside, 'kustomize');
    await writeFile(fake, '#!/bin/sh\nif [ "$1" = version ]; then echo v5.5.0; fi\nexit 0\n');
    await chmod(fake, 0o755);
    const before = await repo.snapshot();
    const run = await audit(repo, '--kustomize', fake);
    const result = JSON.parse(run.stdout) as Json;
    expect(result.errors).toEqual([expect.objectContaining({ code: 'RENDER_FAILED', service: 'web' })]);
    expect(result.errors[0]!.message).toMatch(/every overlay of service 'web' rendered no resources/);
    expect(run.exitCode).toBe(2);
    expect(await repo.snapshot()).toBe(before);
  });
});
