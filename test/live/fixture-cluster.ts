/** The fixture cluster every live test runs against: the fake API server plus a kubeconfig. */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFixtureObjects, startFakeKubeApi, writeKubeconfig, type FakeKubeApi, type ForbiddenRule } from '../support/fake-kube-api.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export interface FixtureCluster {
  api: FakeKubeApi;
  kubeconfig: string;
  /** Port nothing listens on (the `broken` context points there). */
  closedPort: number;
  stop(): Promise<void>;
}

export async function startFixtureCluster(forbidden: ForbiddenRule[] = []): Promise<FixtureCluster> {
  const api = await startFakeKubeApi({
    objects: [...readFixtureObjects(join(FIXTURES, 'crds.yaml')), ...readFixtureObjects(join(FIXTURES, 'cluster.yaml'))],
    tokens: { 'staging-token': 'system:serviceaccount:ci:parity-staging', 'production-token': 'system:serviceaccount:ci:parity' },
    forbidden,
  });
  const dir = await mkdtemp(join(tmpdir(), 'parity-live-'));
  const closedPort = await findClosedPort();
  const kubeconfig = await writeKubeconfig(dir, [
    { name: 'staging', server: api.url, token: 'staging-token', namespace: 'staging' },
    { name: 'production', server: api.url, token: 'production-token', namespace: 'production' },
    { name: 'expired', server: api.url, token: 'revoked-token-123' },
    { name: 'broken', server: `https://127.0.0.1:${closedPort}`, token: 'production-token' },
  ]);
  return {
    api,
    kubeconfig,
    closedPort,
    stop: async () => {
      await api.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
