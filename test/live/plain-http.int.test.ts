/**
 * A cluster reached over plain HTTP, the way `kubectl proxy` serves it: the real kubectl and
 * the built parity (`drift`, `gate --check-health`) read the same plain-HTTP API server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveError } from '../../src/errors.js';
import { createKubeClient } from '../../src/live/kube.js';
import { isLoopbackHost } from '../../src/live/plain-http.js';
import { detectRenderer } from '../../src/render/create-renderer.js';
import { parseRenderedYaml } from '../../src/yaml/parse-rendered.js';
import type { AuditResult } from '../../src/types.js';
import { startFakeKubeApi, writePlainKubeconfig, type FakeKubeApi } from '../support/fake-kube-api.js';
import { runCli } from '../support/run-cli.js';
import { FIXTURES } from '../support/temp-copy.js';

const REPO = join(FIXTURES, 'ecommerce-infra');
const NAMESPACE = 'ecommerce-production';
const APPLIED = '2026-05-01T10:00:00Z';

/** What a sync would have applied, owned by argocd-controller. */
function applied(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = object.metadata as Record<string, unknown>;
  const managedFields = [{ manager: 'argocd-controller', operation: 'Apply', apiVersion: object.apiVersion, time: APPLIED, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }];
  return { ...object, metadata: { ...metadata, uid: `uid-${String(metadata.name)}`, managedFields } };
}

/** The dev checkout Deployment rolled out and Available for an hour. */
function rolledOut(deployment: Record<string, unknown>): Record<string, unknown> {
  const replicas = Number((deployment.spec as Record<string, unknown>).replicas ?? 1);
  const since = new Date(Date.now() - 3_600_000).toISOString();
  return {
    ...deployment,
    metadata: { ...(deployment.metadata as Record<string, unknown>), generation: 2, uid: 'uid-checkout' },
    status: {
      observedGeneration: 2,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', lastTransitionTime: since },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastTransitionTime: since },
      ],
    },
  };
}

async function render(overlay: string, env: string): Promise<Array<Record<string, unknown>>> {
  const renderer = await detectRenderer({ env: process.env });
  return parseRenderedYaml(await renderer.render(join(REPO, overlay)), env, env) as unknown as Array<Record<string, unknown>>;
}

/** A loopback HTTP server that accepts every request and never answers. */
async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('isLoopbackHost', () => {
  it('accepts localhost, 127.0.0.0/8 and ::1 only', () => {
    for (const host of ['localhost', 'LOCALHOST', 'localhost.', '127.0.0.1', '127.12.0.9', '[::1]', '::1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '10.0.0.1', '128.0.0.1', 'localhost.example.com', '127.0.0.1.nip.io', '[::ffff:7f00:1]', '[fd00::2]', 'kube-proxy', '']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe('a plain-HTTP API server (kubectl proxy)', () => {
  let api: FakeKubeApi;
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  let dir: string;
  let kubeconfig: string;
  let payments: Record<string, unknown>;

  beforeAll(async () => {
    const production = (await render('apps/payments-service/overlays/production', 'production')).map(applied);
    const checkout = (await render('apps/checkout-service/overlays/dev', 'dev')).find((object) => object.kind === 'Deployment')!;
    payments = production.find((object) => object.kind === 'Deployment')!;
    api = await startFakeKubeApi({ objects: [...production, rolledOut(checkout)], plainHttp: true });
    silent = await startSilentServer();
    dir = await mkdtemp(join(tmpdir(), 'parity-plain-http-'));
    kubeconfig = await writePlainKubeconfig(dir, {
      proxy: api.url,
      'proxy-by-name': api.url.replace('127.0.0.1', 'localhost'),
      // Linux connects the unspecified address to the local host: a non-loopback name that still reaches the proxy.
      unspecified: `http://0.0.0.0:${api.port}`,
      remote: 'http://203.0.113.10:8001',
      stalled: silent.url,
    });
  });
  afterAll(async () => {
    await api?.close();
    await silent?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const drift = (context: string, ...extra: string[]) =>
    runCli(['drift', '--repo', REPO, '--env', 'production', '--service', 'payments-service', '--kubeconfig', kubeconfig, '--context', context, ...extra]);
  const gate = (context: string, ...extra: string[]) =>
    runCli([
      'gate', '--repo', REPO, '--service', 'checkout-service', '--from', 'dev', '--to', 'staging',
      '--check-health', '--soak', '10m', '--kubeconfig', kubeconfig, '--context', context, '--format', 'json', ...extra,
    ]);

  it('serves what the real kubectl reads', async () => {
    const run = await execa('kubectl', ['--kubeconfig', kubeconfig, '--context', 'proxy', 'get', 'deployments', '-n', NAMESPACE, '-o', 'json'], { reject: false });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const list = JSON.parse(run.stdout) as { kind: string; items: Array<{ kind: string; metadata: { name: string } }> };
    expect(list.kind).toBe('List');
    expect(list.items.map((item) => `${item.kind}/${item.metadata.name}`)).toEqual([`Deployment/${String((payments.metadata as { name: string }).name)}`]);
    expect(api.requests).toContain(`GET /apis/apps/v1/namespaces/${NAMESPACE}/deployments?limit=500`);
  });

  it('lets parity drift read the same server, and see a hand edit there', async () => {
    const clean = await drift('proxy', '--format', 'json');
    expect(clean.stderr).toBe('');
    expect(clean.exitCode).toBe(0);
    expect((JSON.parse(clean.stdout) as AuditResult).findings.filter((finding) => finding.code.startsWith('LIVE_'))).toEqual([]);

    const name = String((payments.metadata as { name: string }).name);
    api.upsert({ ...payments, spec: { ...(payments.spec as Record<string, unknown>), replicas: 1 } });
    try {
      const edited = await drift('proxy-by-name', '--format', 'json');
      const live = (JSON.parse(edited.stdout) as AuditResult).findings.filter((finding) => finding.code === 'LIVE_DRIFT');
      expect(live.map((finding) => `${finding.resource?.name} ${finding.path}`)).toEqual([`${name} spec.replicas`]);
      expect(edited.exitCode).toBe(1);
      expect(api.requests).toContain(`GET /apis/apps/v1/namespaces/${NAMESPACE}/deployments/${name}`);
    } finally {
      api.upsert(payments);
    }
  });

  it('lets parity gate --check-health read the source workloads there', async () => {
    const run = await gate('proxy');
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.gate?.checks?.map((check) => [check.name, check.verdict])).toEqual([['parity', 'pass'], ['health', 'pass']]);
    expect(run.exitCode).toBe(0);
  });

  it('refuses a plain-HTTP server off loopback with one line naming the context and the flag, before connecting', async () => {
    const line = 'parity: context remote: the API server http://203.0.113.10:8001 is plain HTTP on a host that is not loopback; pass --allow-insecure-http to use it anyway';
    for (const run of [await drift('remote'), await gate('remote')]) {
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim()).toBe(line);
    }
    expect(() => createKubeClient({ kubeconfig, context: 'remote' })).toThrow(LiveError);
  });

  it('uses a plain-HTTP server off loopback when --allow-insecure-http says so', async () => {
    const refused = await drift('unspecified');
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('pass --allow-insecure-http');

    const before = api.requests.length;
    const run = await drift('unspecified', '--allow-insecure-http', '--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(api.requests.length).toBeGreaterThan(before);
    const health = await gate('unspecified', '--allow-insecure-http');
    expect((JSON.parse(health.stdout) as AuditResult).gate?.checks?.map((check) => check.verdict)).toEqual(['pass', 'pass']);
  });

  it('still bounds every call by the deadline (--timeout)', async () => {
    const client = createKubeClient({ kubeconfig, context: 'stalled', timeoutMs: 300 });
    const error = await client.discover().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LiveError);
    expect((error as LiveError).message).toBe(`GET /api: no complete answer from ${silent.url} (context stalled) within 0.3s (--timeout)`);
  });
});
