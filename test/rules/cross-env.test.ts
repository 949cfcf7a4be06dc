import { describe, expect, it } from 'vitest';
import { envCandidates } from '../../src/rules/index.js';
import type { Candidate, K8sObject } from '../../src/types.js';
import { deployment, envResources } from './helpers.js';
import { argsOf } from '../support/args.js';

const CHAIN = [
  { env: 'dev', tokens: ['dev', 'development', 'payments'] },
  { env: 'staging', tokens: ['staging', 'stage', 'stg', 'payments'] },
  { env: 'production', tokens: ['production', 'prod', 'prd', 'payments'] },
];

function scan(env: string, objects: K8sObject[]): Candidate[] {
  return envCandidates({
    service: 'payments-service',
    env: envResources(env, objects),
    chainEnvs: CHAIN,
    tokens: CHAIN.find((entry) => entry.env === env)!.tokens,
    policy: { endpoints: [] },
  });
}

function config(name: string, data: Record<string, string>): K8sObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data };
}

describe('CROSS_ENV_REFERENCE', () => {
  it('flags production pointing at the staging database, without the password', () => {
    const app = deployment('payments-service', { env: [{ name: 'DATABASE_URL', value: 'postgres://app:pw@db.staging.internal/x' }] });
    const found = scan('production', [app]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: 'CROSS_ENV_REFERENCE',
      envs: ['production'],
      path: 'spec.template.spec.containers[name=payments-service].env[name=DATABASE_URL].value',
      values: { production: 'postgres://db.staging.internal/x' },
      args: { referencedEnv: 'staging', key: 'DATABASE_URL' },
      source: null,
    });
    expect(JSON.stringify(found)).not.toContain('pw');
  });

  it('does not flag an environment naming itself', () => {
    const app = deployment('payments-service', { env: [{ name: 'DATABASE_URL', value: 'postgres://db.production.internal/x' }] });
    expect(scan('production', [app])).toEqual([]);
  });

  it('ignores tokens shared with this environment (a common namespace)', () => {
    expect(scan('production', [config('app', { API_HOST: 'api.payments.example.com' })])).toEqual([]);
  });

  it('flags aliases, host:port, user@host and values under address-named keys', () => {
    const found = scan('production', [config('app', {
      CACHE: 'redis-stg.internal.example:6379',
      KAFKA_BROKERS: 'kafka-0.dev:9092,kafka-1.dev:9092',
      REPORT_BUCKET: 'reports-staging',
      SFTP: 'deploy@sftp.stage.example.com',
      OTHER: 'https://status.example.com/stage',
    })]);
    expect(found.map((c) => [argsOf(c).key, argsOf(c).referencedEnv]).sort()).toEqual([
      ['CACHE', 'staging'],
      ['KAFKA_BROKERS', 'dev'],
      ['OTHER', 'staging'],
      ['REPORT_BUCKET', 'staging'],
      ['SFTP', 'staging'],
    ]);
  });

  it('does not flag file paths, images, labels, plain names or tool annotations', () => {
    const app = deployment(
      'payments-service',
      {
        image: 'registry.staging.example.com/payments:1',
        env: [{ name: 'LOG_SINK', value: '/dev/null' }, { name: 'MODE', value: 'staging' }, { name: 'LOG_HOST', value: '/dev/log' }],
        volumeMounts: [{ name: 'shm', mountPath: '/dev/shm' }],
      },
      { volumes: [{ name: 'shm', emptyDir: { medium: 'Memory' } }] },
      {
        labels: { app: 'payments-service', 'example.com/mirror': 'db.staging.internal' },
        annotations: { 'kubectl.kubernetes.io/restartedAt': 'db.staging.internal', 'argocd.argoproj.io/sync-wave': 'api.staging.example' },
      },
    );
    expect(scan('production', [app])).toEqual([]);
  });

  it('exempts objects whose own name carries an environment token', () => {
    const reporting = config('reporting-staging', { SOURCE_URL: 'https://reports.staging.example.com' });
    const plain = config('reporting', { SOURCE_URL: 'https://reports.staging.example.com' });
    expect(scan('production', [reporting])).toEqual([]);
    expect(scan('production', [plain]).map((c) => c.resource!.name)).toEqual(['reporting']);
  });

  it('scans annotations that hold addresses and URLs inside embedded files', () => {
    const ingress: K8sObject = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'payments', annotations: { 'external-dns.alpha.kubernetes.io/hostname': 'pay.stg.example.com' } },
      spec: { rules: [{ host: 'pay.example.com' }] },
    };
    const file = config('files', { 'application.yaml': 'server:\n  port: 8080\nledger:\n  url: https://ledger.staging.example.com/v1\n' });
    const found = scan('production', [ingress, file]);
    expect(found.map((c) => [c.path, c.values.production])).toEqual([
      ['metadata.annotations["external-dns.alpha.kubernetes.io/hostname"]', 'pay.stg.example.com'],
      ['data["application.yaml"]', 'https://ledger.staging.example.com/v1'],
    ]);
  });

  it('reads Secret values (decoded) but shows them redacted', () => {
    const secret: K8sObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'payments-db' },
      data: { DATABASE_URL: Buffer.from('postgres://app:s3cr3t@db.staging.internal/pay').toString('base64') },
    };
    const found = scan('production', [secret]);
    expect(found.map((c) => [c.code, c.path, c.values])).toEqual([
      ['CROSS_ENV_REFERENCE', 'data.DATABASE_URL', { production: '<redacted>' }],
    ]);
    expect(JSON.stringify(found)).not.toMatch(/s3cr3t|db\.staging/);
  });
});

describe('CROSS_ENV_REFERENCE with tokens shared by some environments', () => {
  it('ignores a namespace that dev and staging share', () => {
    const chain = [
      { env: 'dev', tokens: ['dev', 'nonprod'] },
      { env: 'staging', tokens: ['staging', 'nonprod'] },
      { env: 'production', tokens: ['production'] },
    ];
    const found = envCandidates({
      service: 'payments-service',
      env: envResources('production', [config('app', { API: 'https://api.nonprod.example.com', DB: 'db.dev.example.com' })]),
      chainEnvs: chain,
      tokens: ['production'],
      policy: { endpoints: [] },
    });
    expect(found.map((c) => argsOf(c).key)).toEqual(['DB']);
  });
});
