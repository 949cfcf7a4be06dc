import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';
import { copyFixture } from '../support/temp-copy.js';

const SET = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: shop, namespace: argocd}
spec:
  generators:
    - matrix:
        generators:
          - clusters: {selector: {matchLabels: {tier: shop}}}
          - list: {elements: [{service: payments-service}, {service: checkout-service}]}
  template:
    metadata: {name: '{{service}}-{{metadata.labels.env}}'}
    spec:
      project: ecommerce
      source: {repoURL: 'https://github.com/example/ecommerce-infra.git', targetRevision: main, path: 'apps/{{service}}/overlays/{{metadata.labels.env}}'}
      destination: {server: '{{server}}', namespace: 'ecommerce-{{metadata.labels.env}}'}
      syncPolicy: {automated: {prune: true, selfHeal: true}}
`;

const CLUSTERS = `# what Argo CD's cluster secrets hold
- {name: dev, server: 'https://dev.k8s.example.com', labels: {env: dev, tier: shop}}
- {name: staging, server: 'https://staging.k8s.example.com', labels: {env: staging, tier: shop}}
- {name: production, server: 'https://prod.k8s.example.com', labels: {env: production, tier: shop}}
- {name: tooling, server: 'https://tools.k8s.example.com', labels: {env: production}}
`;

describe('parity audit --argocd with ApplicationSets over clusters (built CLI, real Kustomize)', () => {
  let repo: { dir: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    repo = await copyFixture('ecommerce-infra');
    await rm(join(repo.dir, 'argocd'), { recursive: true });
    await mkdir(join(repo.dir, 'argocd'));
    await writeFile(join(repo.dir, 'argocd/shop.yaml'), SET);
    await writeFile(join(repo.dir, 'clusters.yaml'), CLUSTERS);
  });
  afterAll(() => repo?.cleanup());

  const audit = (...extra: string[]) => runCli(['audit', '--repo', repo.dir, '--argocd', 'argocd', '--no-cache', ...extra], { cwd: repo.dir });
  const servicesOf = (stdout: string) => (JSON.parse(stdout) as AuditResult).services.map((s) => `${s.name}: ${s.envs.join(',')}`);

  it('expands the matrix over the clusters file into the services it deploys', async () => {
    const run = await audit('--clusters', join(repo.dir, 'clusters.yaml'), '--format', 'json');
    expect(run.exitCode).not.toBe(2);
    expect(servicesOf(run.stdout)).toEqual(['checkout-service: dev,staging,production', 'payments-service: dev,staging,production']);
  });

  it('takes clusters from --cluster options too', async () => {
    const run = await audit('--cluster', 'staging=https://s,env=staging,tier=shop', '--cluster', 'production=https://p,tier=shop,env=production', '--format', 'json');
    expect(run.exitCode).not.toBe(2);
    expect(servicesOf(run.stdout)).toEqual(['checkout-service: staging,production', 'payments-service: staging,production']);
  });

  it('names the set and the missing clusters instead of finding no services', async () => {
    const run = await audit();
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('ApplicationSet shop in argocd/shop.yaml: the clusters generator needs the clusters Argo CD knows; pass --clusters FILE');
    expect(run.stderr).not.toContain('no services found');
  });

  it('names a generator that cannot be expanded offline, and a malformed --cluster', async () => {
    await writeFile(join(repo.dir, 'argocd/previews.yaml'), SET.replace('name: shop', 'name: previews').replace('- list: {elements: [{service: payments-service}, {service: checkout-service}]}', '- pullRequest: {github: {owner: example, repo: shop}}'));
    try {
      const run = await audit('--clusters', join(repo.dir, 'clusters.yaml'));
      expect(run.exitCode).toBe(2);
      expect(run.stderr.trim()).toMatch(/ApplicationSet previews in argocd\/previews\.yaml: the pullRequest generator needs the SCM provider's open pull requests and cannot be expanded offline$/);
    } finally {
      await rm(join(repo.dir, 'argocd/previews.yaml'));
    }
    const bad = await audit('--cluster', 'production');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim()).toMatch(/--cluster 'production': expected name=server\[,label=value\.\.\.\]$/);
  });
});
