import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolloutFromCluster } from '../../src/gate/checks/rollout-time.js';
import { createKubeClient } from '../../src/live/kube.js';
import { startFakeKubeApi, writeKubeconfig, type FakeKubeApi } from '../support/fake-kube-api.js';

const deployment = (revision: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', uid: 'uid-web', annotations: { 'deployment.kubernetes.io/revision': revision } },
  spec: { selector: { matchLabels: { app: 'web' } } },
});

const replicaSet = (name: string, revision: string, created: string, owner = 'uid-web') => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name,
    namespace: 'shop',
    labels: { app: 'web' },
    creationTimestamp: created,
    annotations: { 'deployment.kubernetes.io/revision': revision },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: owner }],
  },
});

describe('rolloutFromCluster (the Deployment\'s current ReplicaSet)', () => {
  let api: FakeKubeApi;
  let dir: string;
  let kubeconfig: string;

  beforeAll(async () => {
    api = await startFakeKubeApi({ objects: [], tokens: { t: 'system:serviceaccount:ci:parity' } });
    dir = await mkdtemp(join(tmpdir(), 'parity-rollout-'));
    kubeconfig = await writeKubeconfig(dir, [{ name: 'shop', server: api.url, token: 't' }]);
  });
  afterAll(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the creation time of the ReplicaSet of the current revision owned by the Deployment', async () => {
    api.upsert(deployment('3'));
    api.upsert(replicaSet('web-old', '2', '2026-11-01T10:00:00Z'));
    api.upsert(replicaSet('web-new', '3', '2026-11-20T08:30:00Z'));
    api.upsert(replicaSet('web-stranger', '3', '2026-11-25T08:30:00Z', 'uid-other'));
    const client = createKubeClient({ kubeconfig, context: 'shop' });
    expect(await rolloutFromCluster(client, 'shop', 'web')).toEqual({ at: new Date('2026-11-20T08:30:00Z'), from: 'replicaset', ref: 'web-new' });
    expect(await rolloutFromCluster(client, 'shop', 'absent')).toBeNull();
  });
});
