import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditApplications, mapApplications, readApplications } from '../../src/argocd/index.js';
import { ConfigError } from '../../src/errors.js';
import { formatMessage } from '../../src/report/messages.js';

const repo = join(import.meta.dirname, 'fixtures', 'repo');
const environments = ['dev', 'staging', 'production'];
const chain: Array<[string, string]> = [
  ['dev', 'staging'],
  ['staging', 'production'],
];

describe('readApplications', () => {
  it('reads Applications and expands list and git-directory ApplicationSets', async () => {
    const apps = await readApplications(join(repo, 'argocd'), repo);
    expect(apps.map((a) => `${a.name} ${a.file}`)).toEqual([
      'catalog-service-production argocd/appsets/catalog-service.yaml',
      'catalog-service-staging argocd/appsets/catalog-service.yaml',
      'orders-service-dev argocd/appsets/orders-service.yaml',
      'orders-service-staging argocd/appsets/orders-service.yaml',
      'orders-service-production argocd/appsets/orders-service.yaml',
      'payments-service-dev argocd/dev/payments-service.yaml',
      'payments-service-production argocd/production/payments-service.yaml',
      'redis-production argocd/production/redis.yaml',
      'payments-service-staging argocd/staging/payments-service.yaml',
      'redis-staging argocd/staging/redis.yaml',
    ]);
    const catalog = apps[0]!;
    expect(catalog).toMatchObject({ generatedBy: 'catalog-service', source: { path: 'apps/catalog-service/overlays/production' }, destination: { namespace: 'ecommerce-production' } });
    expect(apps[4]!.source.targetRevision).toBe('v2.3.1');
    expect(apps[6]!.lines['spec.syncPolicy.automated.selfHeal']).toBe(20);
  });

  it('names the file and template an ApplicationSet cannot resolve', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parity-argocd-'));
    try {
      await writeFile(
        join(dir, 'set.yaml'),
        'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: s}\nspec:\n  generators: [{list: {elements: [{env: dev}]}}]\n  template:\n    metadata: {name: "x-{{cluster}}"}\n    spec: {}\n',
      );
      const error = await readApplications(dir, dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).toLine()).toBe('set.yaml:1: ApplicationSet template {{cluster}} cannot be resolved from its generators');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('mapApplications', () => {
  it('tells service and environment from the source path, else from labels and name', async () => {
    const mapped = mapApplications(await readApplications(join(repo, 'argocd'), repo), environments);
    expect(mapped.map((m) => `${m.service}/${m.env} ${m.overlayDir}`).sort()).toEqual([
      'catalog-service/production apps/catalog-service/overlays/production',
      'catalog-service/staging apps/catalog-service/overlays/staging',
      'orders-service/dev apps/orders-service/overlays/dev',
      'orders-service/production apps/orders-service/overlays/production',
      'orders-service/staging apps/orders-service/overlays/staging',
      'payments-service/dev apps/payments-service/overlays/dev',
      'payments-service/production apps/payments-service/overlays/production',
      'payments-service/staging apps/payments-service/overlays/staging',
      'redis/production null',
      'redis/staging null',
    ]);
  });
});

describe('auditApplications', () => {
  it('flags selfHeal off in production and a pinned revision, and nothing else', async () => {
    const mapped = mapApplications(await readApplications(join(repo, 'argocd'), repo), environments);
    const candidates = auditApplications(mapped, chain);
    expect(candidates.map((c) => `${c.service} ${c.envs.join(':')} ${c.path}`)).toEqual([
      'orders-service staging:production spec.source.targetRevision',
      'payments-service staging:production spec.syncPolicy.automated.selfHeal',
    ]);
    const selfHeal = candidates[1]!;
    expect(selfHeal).toMatchObject({
      code: 'VALUE_DRIFT',
      resource: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', name: 'payments-service' },
      values: { staging: true, production: false },
      source: { file: 'argocd/production/payments-service.yaml', line: 20 },
      args: { applications: { staging: 'payments-service-staging', production: 'payments-service-production' } },
    });
    expect(formatMessage(selfHeal)).toBe('`spec.syncPolicy.automated.selfHeal` differs: staging has true, production has false.');
  });

  it('compares retry, syncOptions, automation and repo, with env tokens in the path aside', async () => {
    const apps = await readApplications(join(repo, 'argocd'), repo);
    const [staging, production] = ['payments-service-staging', 'payments-service-production'].map((n) => structuredClone(apps.find((a) => a.name === n)!));
    production!.syncPolicy = { syncOptions: ['ServerSideApply=true', 'CreateNamespace=true'], retry: { limit: 2, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } } };
    production!.source = { ...production!.source, repoURL: 'https://github.com/example/ecommerce-infra', path: 'apps/payments/overlays/production' };
    const mapped = [
      { service: 'payments-service', env: 'staging', overlayDir: staging!.source.path ?? null, app: staging! },
      { service: 'payments-service', env: 'production', overlayDir: production!.source.path ?? null, app: production! },
    ];
    const paths = auditApplications(mapped, chain).map((c) => [c.path, c.values]);
    expect(paths).toEqual([
      ['spec.source.path', { staging: 'apps/payments-service/overlays/staging', production: 'apps/payments/overlays/production' }],
      ['spec.syncPolicy.automated', { staging: { prune: true, selfHeal: true }, production: null }],
      ['spec.syncPolicy.retry.limit', { staging: 5, production: 2 }],
    ]);
  });
});
