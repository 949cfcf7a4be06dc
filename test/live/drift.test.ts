import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { LiveError } from '../../src/errors.js';
import { findLiveDrift } from '../../src/live/drift.js';
import { createKubeClient } from '../../src/live/kube.js';
import { formatMessage } from '../../src/report/messages.js';
import type { K8sObject } from '../../src/types.js';
import { readFixtureObjects } from '../support/fake-kube-api.js';
import type { TestWorkload } from './api-shapes.js';
import { FIXTURES, startFixtureCluster, type FixtureCluster } from './fixture-cluster.js';
import { argsOf } from '../support/args.js';

const desiredProduction = readFixtureObjects(join(FIXTURES, 'desired-production.yaml')) as K8sObject[];
const desiredStaging = readFixtureObjects(join(FIXTURES, 'desired-staging.yaml')) as K8sObject[];

let cluster: FixtureCluster;
beforeAll(async () => {
  cluster = await startFixtureCluster();
});
afterAll(() => cluster?.stop());

function drift(env: string, context: string, desired: K8sObject[], namespace?: string) {
  const client = createKubeClient({ kubeconfig: cluster.kubeconfig, context });
  return findLiveDrift({ service: 'payments-service', env, desired, client, context, ...(namespace ? { namespace } : {}) });
}

describe('findLiveDrift', () => {
  it('reports a hand edit in production with its manager and time, and a missing object', async () => {
    const candidates = await drift('production', 'production', desiredProduction);
    const summary = candidates.map((c) => [c.code, `${c.resource?.kind}/${c.resource?.name}`, c.path]);
    expect(summary).toEqual([
      ['LIVE_DRIFT', 'Deployment/payments-service', 'spec.replicas'],
      ['LIVE_DRIFT', 'Deployment/payments-service', 'spec.template.spec.containers[name=app].image'],
      ['LIVE_DRIFT', 'Deployment/payments-service', 'spec.template.spec.containers[name=app].env[name=DEBUG]'],
      ['LIVE_DRIFT', 'Secret/payments-db', 'data.password'],
      ['LIVE_MISSING', 'NetworkPolicy/payments-deny-all', null],
    ]);
    const replicas = candidates[0]!;
    expect(replicas.values).toEqual({ production: 3, 'production (live)': 5 });
    expect(argsOf(replicas)).toMatchObject({
      context: 'production',
      namespace: 'production',
      change: 'changed',
      manager: 'kubectl-edit',
      operation: 'Update',
      time: '2025-06-02T03:14:00Z',
      attribution: 'field',
    });
    expect(formatMessage(replicas)).toBe(
      '`spec.replicas` of Deployment payments-service in the cluster differs from the repo; last changed by kubectl-edit (Update) at 2025-06-02T03:14:00Z.',
    );
    expect(candidates[2]!.values).toEqual({ 'production (live)': { name: 'DEBUG', value: 'true' } });
    expect(candidates[3]!.values).toEqual({ production: '<redacted>', 'production (live)': '<redacted>' });
    expect(argsOf(candidates[3])).toMatchObject({ manager: 'kubectl-edit', time: '2025-06-02T03:20:00Z' });
    expect(argsOf(candidates[4])).toEqual({ context: 'production', namespace: 'production', reason: 'not-found' });
  });

  it('finds an untouched environment clean, with the namespace taken from the overlay', async () => {
    expect(await drift('staging', 'staging', desiredStaging, 'staging')).toEqual([]);
    expect(cluster.api.requests).toContain('GET /apis/apps/v1/namespaces/staging/deployments/payments-service');
    expect(cluster.api.requests).toContain('GET /apis/rbac.authorization.k8s.io/v1/clusterroles/payments-reader');
  });

  it('reports an object of a kind the cluster does not serve as missing', async () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } } as K8sObject;
    const [candidate] = await drift('staging', 'staging', [widget], 'staging');
    expect(candidate).toMatchObject({ code: 'LIVE_MISSING', args: { reason: 'kind-not-served' } });
  });

  it('throws instead of reporting clean when any call fails', async () => {
    cluster.api.setForbidden([{ resource: 'configmaps', namespace: 'staging' }]);
    try {
      const error = await drift('staging', 'staging', desiredStaging, 'staging').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LiveError);
      expect((error as LiveError).message).toMatch(
        /^GET \/api\/v1\/namespaces\/staging\/configmaps\/payments-config \(context staging\): 403 Forbidden: configmaps "payments-config" is forbidden/,
      );
    } finally {
      cluster.api.setForbidden([]);
    }
    const unreachable = await drift('production', 'broken', desiredProduction).catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(LiveError);
    expect((unreachable as LiveError).message).toContain(`cannot reach https://127.0.0.1:${cluster.closedPort} (context broken): connect ECONNREFUSED`);
  });

  it('sees a fix applied to the cluster', async () => {
    const client = createKubeClient({ kubeconfig: cluster.kubeconfig, context: 'production' });
    const live = await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'payments-service', namespace: 'production' });
    const fixed = structuredClone(live!) as TestWorkload;
    const [container] = fixed.spec.template.spec.containers;
    fixed.spec.replicas = 3;
    container!.image = 'registry.example.com/payments-service:1.4.2';
    container!.env = container!.env!.filter((e) => e.name !== 'DEBUG');
    cluster.api.upsert(fixed);
    const deployment = desiredProduction.filter((o) => o.kind === 'Deployment');
    expect(await drift('production', 'production', deployment)).toEqual([]);
  });
});
