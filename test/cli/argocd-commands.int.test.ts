import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';
import { FIXTURES } from '../support/temp-copy.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

/**
 * ecommerce-infra with a layout that matches nothing: its services are known only from the
 * Argo CD Applications under argocd/.
 */
describe('gate, promote and render --argocd (sample repo, real Kustomize)', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    const config = 'environments: [dev, staging, production]\nlayout: nowhere/{service}/{env}\npolicies: [policies/]\n';
    repo = await createTempRepo({ 'parity.config.yaml': config }, join(FIXTURES, 'ecommerce-infra'));
  });
  afterAll(() => repo.remove());

  const run = (...args: string[]) => runCli(args, { cwd: repo.dir });

  it('without --argocd the service is unknown (exit 2)', async () => {
    const result = await run('gate', '--service', 'checkout-service', '--from', 'dev', '--to', 'staging');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^parity: parity.config.yaml: /);
  });

  it('gate finds the service from its Applications and opens', async () => {
    const result = await run('gate', '--service', 'checkout-service', '--from', 'dev', '--to', 'staging', '--argocd', 'argocd', '--format', 'json');
    const parsed = JSON.parse(result.stdout) as AuditResult;
    expect(parsed.gate).toMatchObject({
      service: 'checkout-service',
      from: 'dev',
      to: 'staging',
      tag: '1.4.3-8d1e7f0',
      open: true,
      tagSource: { file: 'apps/checkout-service/overlays/dev/kustomization.yaml', line: 17 },
    });
    expect(result.exitCode).toBe(0);
  });

  it('promote --dry-run plans the bump in the overlay the staging Application deploys', async () => {
    const result = await run('promote', '--service', 'checkout-service', '--from', 'dev', '--to', 'staging', '--argocd', 'argocd', '--dry-run', '--format', 'json');
    const parsed = JSON.parse(result.stdout) as AuditResult;
    expect(parsed.promotion).toMatchObject({ status: 'dry-run', file: 'apps/checkout-service/overlays/staging/kustomization.yaml', tag: '1.4.3-8d1e7f0' });
    expect(result.exitCode).toBe(0);
    expect(await repo.git('status', '--porcelain')).toBe('');
  });

  it('render prints the overlay the Application deploys', async () => {
    const result = await run('render', '--service', 'checkout-service', '--env', 'production', '--argocd', 'argocd');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^# apps\/Deployment\/checkout-service$/m);
  });

  it('render names the environment no Application deploys (exit 2)', async () => {
    await repo.write('argocd-dev/checkout.yaml', await repo.git('show', 'HEAD:argocd/dev/checkout-service.yaml'));
    const result = await run('render', '--service', 'checkout-service', '--env', 'production', '--argocd', 'argocd-dev');
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe(`parity: no Argo CD Application in ${join(repo.dir, 'argocd-dev')} deploys service 'checkout-service' in production`);
  });
});
