import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveError } from '../../src/errors.js';
import { createKubeClient } from '../../src/live/kube.js';
import { startFixtureCluster, type FixtureCluster } from './fixture-cluster.js';

let cluster: FixtureCluster;

beforeAll(async () => {
  cluster = await startFixtureCluster([{ resource: 'secrets', namespace: 'production' }]);
});
afterAll(() => cluster?.stop());

async function failure(promise: Promise<unknown>): Promise<LiveError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LiveError);
  return error as LiveError;
}

describe('createKubeClient', () => {
  it('discovers built-in and custom kinds with their resource names and scope', async () => {
    const client = createKubeClient({ kubeconfig: cluster.kubeconfig, context: 'production' });
    const kinds = await client.discover();
    const find = (apiVersion: string, kind: string) => kinds.find((k) => k.apiVersion === apiVersion && k.kind === kind);
    expect(find('apps/v1', 'Deployment')).toMatchObject({ resource: 'deployments', namespaced: true });
    expect(find('rbac.authorization.k8s.io/v1', 'ClusterRole')).toMatchObject({ resource: 'clusterroles', namespaced: false });
    expect(find('security.istio.io/v1', 'PeerAuthentication')).toMatchObject({ resource: 'peerauthentications', namespaced: true, shortNames: ['pa'] });
    expect(find('security.istio.io/v1beta1', 'PeerAuthentication')).toBeDefined();
    expect(find('argoproj.io/v1alpha1', 'Application')).toMatchObject({ resource: 'applications' });
    expect(kinds.some((k) => k.resource.includes('/'))).toBe(false);
    expect(await client.resolve('example.com/v1', 'Widget')).toBeNull();
  });

  it('gets objects (namespaced, cluster-scoped, custom) and returns null for a missing one', async () => {
    const client = createKubeClient({ kubeconfig: cluster.kubeconfig, context: 'production' });
    const deployment = await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'payments-service', namespace: 'production' });
    expect(deployment?.spec).toMatchObject({ replicas: 5 });
    expect((deployment?.metadata.managedFields as unknown[]).length).toBe(3);
    expect(typeof (deployment?.metadata.managedFields as Array<{ time: unknown }>)[0]!.time).toBe('string');
    const role = await client.get({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'payments-reader' });
    expect(role?.metadata.name).toBe('payments-reader');
    const pa = await client.get({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', name: 'payments-service' });
    expect(pa?.spec).toEqual(expect.objectContaining({ mtls: { mode: 'STRICT' } }));
    expect(await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'ghost', namespace: 'production' })).toBeNull();
  });

  it('lists with a label selector and fills in apiVersion and kind', async () => {
    const client = createKubeClient({ kubeconfig: cluster.kubeconfig, context: 'staging' });
    const items = await client.list('v1', 'ConfigMap', undefined, 'tier=backend');
    expect(items.map((i) => `${i.apiVersion}/${i.kind} ${i.metadata.namespace}/${i.metadata.name}`)).toEqual([
      'v1/ConfigMap production/payments-config',
      'v1/ConfigMap staging/payments-config',
    ]);
    expect(cluster.api.requests).toContain('GET /api/v1/configmaps?labelSelector=tier%3Dbackend');
  });

  it('names the context, the call and the server message for 401, 403 and a refused connection', async () => {
    const expired = createKubeClient({ kubeconfig: cluster.kubeconfig, context: 'expired' });
    const unauthorized = await failure(expired.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'production' }));
    expect(unauthorized.message).toBe('GET /api/v1 (context expired): 401 Unauthorized — the credential for context expired is invalid or expired');

    const production = createKubeClient({ kubeconfig: cluster.kubeconfig, context: 'production' });
    const forbidden = await failure(production.get({ apiVersion: 'v1', kind: 'Secret', name: 'payments-db', namespace: 'production' }));
    expect(forbidden.message).toBe(
      'GET /api/v1/namespaces/production/secrets/payments-db (context production): 403 Forbidden: secrets "payments-db" is forbidden: ' +
        'User "system:serviceaccount:ci:parity" cannot get resource "secrets" in API group "" in the namespace "production"',
    );

    const broken = createKubeClient({ kubeconfig: cluster.kubeconfig, context: 'broken' });
    const refused = await failure(broken.discover());
    expect(refused.message).toBe(
      `GET /api: cannot reach https://127.0.0.1:${cluster.closedPort} (context broken): connect ECONNREFUSED 127.0.0.1:${cluster.closedPort}`,
    );
    expect(refused.message).not.toContain('\n');
  });

  it('refuses an unknown context and a missing kubeconfig with one line', async () => {
    expect(() => createKubeClient({ kubeconfig: cluster.kubeconfig, context: 'prod' })).toThrow(
      /context prod is not in .*kubeconfig \(contexts: staging, production, expired, broken\)/,
    );
    expect(() => createKubeClient({ kubeconfig: '/nonexistent/kubeconfig' })).toThrow(LiveError);
  });
});
