import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { execa } from 'execa';
import { findOnPath } from '../../src/util/find-executable.js';
import { missingTool } from '../support/required-tool.js';
import type { TestBody } from './api-shapes.js';
import { FAKE_KUBE_API_CA, readFixtureObjects, startFakeKubeApi, writeKubeconfig, type FakeKubeApi } from '../support/fake-kube-api.js';

// Found on PATH as parity finds it; in CI its absence fails the file (missingTool).
const KUBECTL = await findOnPath('kubectl', process.env);
const fixtures = join(import.meta.dirname, 'fixtures');

let api: FakeKubeApi;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  api = await startFakeKubeApi({
    objects: [...readFixtureObjects(join(fixtures, 'crds.yaml')), ...readFixtureObjects(join(fixtures, 'cluster.yaml'))],
    tokens: { 'prod-token': 'system:serviceaccount:ci:parity' },
  });
  dir = await mkdtemp(join(tmpdir(), 'parity-fake-kube-'));
  kubeconfig = await writeKubeconfig(dir, [
    { name: 'production', server: api.url, token: 'prod-token', namespace: 'production' },
    { name: 'expired', server: api.url, token: 'expired-token' },
  ]);
});

afterAll(async () => {
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function get(path: string, token = 'prod-token'): Promise<{ status: number; body: TestBody }> {
  const headers = { Authorization: `Bearer ${token}` };
  return new Promise((resolve, reject) => {
    request(`${api.url}${path}`, { headers, ca: FAKE_KUBE_API_CA }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, body: text.startsWith('{') ? JSON.parse(text) : text }));
    })
      .on('error', reject)
      .end();
  });
}

describe('fake Kubernetes API server', () => {
  it('lists with the list kind, a resourceVersion and label selectors', async () => {
    const all = await get('/api/v1/namespaces/production/configmaps');
    expect(all.body.kind).toBe('ConfigMapList');
    expect(all.body.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(all.body.items.map((i) => i.metadata.name)).toEqual(['orders-config', 'payments-config']);
    const selected = await get('/api/v1/configmaps?labelSelector=' + encodeURIComponent('tier in (backend,x),app.kubernetes.io/name!=orders-service'));
    expect(selected.body.items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual([
      'production/payments-config',
      'staging/payments-config',
    ]);
    const byName = await get('/api/v1/configmaps?fieldSelector=metadata.name%3Dorders-config');
    expect(byName.body.items).toHaveLength(1);
  });

  it('answers unknown objects, bad tokens and unknown paths like the real server', async () => {
    const missing = await get('/apis/apps/v1/namespaces/production/deployments/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404, message: 'deployments.apps "nope" not found' });
    const denied = await get('/api/v1/namespaces', 'expired-token');
    expect(denied.status).toBe(401);
    expect(denied.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect((await get('/apis/nothing.example/v1')).status).toBe(404);
  });

  it('serves custom resources through discovery from their CRDs', async () => {
    const groups = await get('/apis');
    expect(groups.body.groups.map((g) => g.name)).toContain('security.istio.io');
    const resources = await get('/apis/security.istio.io/v1');
    expect(resources.body.resources).toContainEqual(expect.objectContaining({ name: 'peerauthentications', kind: 'PeerAuthentication', shortNames: ['pa'] }));
  });

  describe.skipIf(missingTool(KUBECTL !== null, 'kubectl'))('read by the real kubectl', () => {
    const kubectl = (...args: string[]) =>
      execa(KUBECTL!, ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], { reject: false });

    it('kubectl get deploy -n production -o json', async () => {
      const result = await kubectl('get', 'deploy', '-n', 'production', '-o', 'json');
      expect(result.stderr).toBe('');
      const list = JSON.parse(result.stdout) as TestBody;
      expect(list.items.map((i) => i.metadata.name)).toEqual(['payments-service']);
      expect(list.items[0]!.spec?.replicas).toBe(5);
    });

    it('kubectl get pa -A (a custom resource by short name)', async () => {
      const result = await kubectl('get', 'pa', '-A', '-o', 'json');
      expect(result.stderr).toBe('');
      const names = (JSON.parse(result.stdout) as TestBody).items.map((i) => `${i.metadata.namespace}/${i.spec?.mtls?.mode}`);
      expect(names).toEqual(['production/STRICT', 'staging/PERMISSIVE']);
      const table = await kubectl('get', 'pa', '-A');
      expect(table.exitCode).toBe(0);
      expect(table.stdout).toMatch(/production\s+payments-service/);
    });

    it('kubectl reports an expired credential', async () => {
      const result = await kubectl('--context', 'expired', 'get', 'clusterroles');
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toMatch(/Unauthorized|provide credentials/);
    });
  });
});
