import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectRenderer } from '../../src/render/create-renderer.js';
import { parseRenderedYaml } from '../../src/yaml/parse-rendered.js';
import type { AuditResult } from '../../src/types.js';
import { startFakeKubeApi, writeKubeconfig, type FakeKubeApi } from '../support/fake-kube-api.js';
import { runCli } from '../support/run-cli.js';
import { FIXTURES } from '../support/temp-copy.js';

const REPO = join(FIXTURES, 'ecommerce-infra');

/** The dev Deployment as a rolled-out cluster would hold it, Available since `availableSince`. */
function rolledOut(deployment: Record<string, unknown>, availableSince: Date, ready: 'all' | 'none'): Record<string, unknown> {
  const metadata = deployment.metadata as Record<string, unknown>;
  const replicas = Number((deployment.spec as Record<string, unknown>).replicas ?? 1);
  const readyReplicas = ready === 'all' ? replicas : 0;
  return {
    ...deployment,
    metadata: { ...metadata, generation: 3, uid: 'uid-checkout' },
    status: {
      observedGeneration: 3,
      replicas,
      updatedReplicas: replicas,
      readyReplicas,
      availableReplicas: readyReplicas,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', lastTransitionTime: availableSince.toISOString() },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastTransitionTime: availableSince.toISOString() },
      ],
    },
  };
}

describe('parity gate --check-health (source workloads in a Kubernetes API)', () => {
  let api: FakeKubeApi;
  let dir: string;
  let kubeconfig: string;
  let deployment: Record<string, unknown>;

  beforeAll(async () => {
    const renderer = await detectRenderer({ env: process.env });
    const rendered = await renderer.render(join(REPO, 'apps/checkout-service/overlays/dev'));
    deployment = parseRenderedYaml(rendered, 'dev', 'dev').find((object) => object.kind === 'Deployment') as unknown as Record<string, unknown>;
    api = await startFakeKubeApi({ objects: [], tokens: { 'dev-token': 'system:serviceaccount:ci:parity' } });
    dir = await mkdtemp(join(tmpdir(), 'parity-health-'));
    kubeconfig = await writeKubeconfig(dir, [
      { name: 'dev', server: api.url, token: 'dev-token' },
      { name: 'down', server: 'https://127.0.0.1:9', token: 'dev-token' },
    ]);
  });
  afterAll(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  const gate = (context: string) =>
    runCli([
      'gate', '--repo', REPO, '--service', 'checkout-service', '--from', 'dev', '--to', 'staging',
      '--check-health', '--soak', '10m', '--context', context, '--kubeconfig', kubeconfig, '--format', 'json',
    ]);

  it('closes while the source has been Available for less than the soak time', async () => {
    api.upsert(rolledOut(deployment, new Date(Date.now() - 2 * 60_000), 'all'));
    const run = await gate('dev');
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.gate?.open).toBe(false);
    expect(result.gate?.reasons).toEqual([expect.stringMatching(/^Deployment dev-checkout-service: Available for 2m\d*s?, soak requires 10m/)]);
    expect(result.gate?.checks?.map((check) => [check.name, check.verdict])).toEqual([['parity', 'pass'], ['health', 'fail']]);
    expect(run.exitCode).toBe(1);
  });

  it('names every unmet rollout condition', async () => {
    api.upsert(rolledOut(deployment, new Date(Date.now() - 3_600_000), 'none'));
    const result = JSON.parse((await gate('dev')).stdout) as AuditResult;
    expect(result.gate?.open).toBe(false);
    expect(result.gate?.reasons.join('\n')).toMatch(/ready/i);
  });

  it('opens once the source is rolled out and has soaked long enough', async () => {
    api.upsert(rolledOut(deployment, new Date(Date.now() - 3_600_000), 'all'));
    const run = await gate('dev');
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.gate).toMatchObject({ open: true, reasons: [] });
    expect(run.exitCode).toBe(0);
  });

  it('fails closed when the cluster cannot be reached', async () => {
    const run = await gate('down');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/cannot reach https:\/\/127\.0\.0\.1:9 \(context down\)/);
  });
});
