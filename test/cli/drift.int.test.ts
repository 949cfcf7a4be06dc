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
const OVERLAY = join(REPO, 'apps/payments-service/overlays/production');
const APPLIED = '2026-05-01T10:00:00Z';
const EDITED = '2026-06-02T03:14:00Z';

/** What Argo CD would have applied: every rendered object, owned by argocd-controller. */
function applied(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = object.metadata as Record<string, unknown>;
  return {
    ...object,
    metadata: {
      ...metadata,
      uid: `uid-${String(metadata.name)}`,
      managedFields: [{ manager: 'argocd-controller', operation: 'Apply', apiVersion: object.apiVersion, time: APPLIED, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }],
    },
  };
}

describe('parity drift against a Kubernetes API (sample repo, real Kustomize)', () => {
  let api: FakeKubeApi;
  let dir: string;
  let kubeconfig: string;
  let deployment: Record<string, unknown>;

  beforeAll(async () => {
    const renderer = await detectRenderer({ env: process.env });
    const objects = parseRenderedYaml(await renderer.render(OVERLAY), 'production', 'production').map((object) =>
      applied(object as unknown as Record<string, unknown>),
    );
    deployment = objects.find((object) => object.kind === 'Deployment')!;
    api = await startFakeKubeApi({ objects, tokens: { 'prod-token': 'system:serviceaccount:ci:parity' } });
    dir = await mkdtemp(join(tmpdir(), 'parity-drift-'));
    kubeconfig = await writeKubeconfig(dir, [
      { name: 'production', server: api.url, token: 'prod-token', namespace: 'ecommerce-production' },
      { name: 'expired', server: api.url, token: 'revoked' },
    ]);
  });
  afterAll(async () => {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  const drift = (...extra: string[]) =>
    runCli(['drift', '--repo', REPO, '--env', 'production', '--service', 'payments-service', '--kubeconfig', kubeconfig, ...extra]);

  it('is clean when the cluster runs what the repo renders', async () => {
    const run = await drift('--context', 'production', '--format', 'json');
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.findings.filter((finding) => finding.code.startsWith('LIVE_'))).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  it('names who scaled the Deployment by hand, and when', async () => {
    const spec = deployment.spec as Record<string, unknown>;
    const metadata = deployment.metadata as Record<string, unknown>;
    api.upsert({
      ...deployment,
      spec: { ...spec, replicas: 1 },
      metadata: {
        ...metadata,
        managedFields: [
          ...(metadata.managedFields as unknown[]),
          { manager: 'kubectl-edit', operation: 'Update', apiVersion: 'apps/v1', time: EDITED, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
        ],
      },
    });
    const run = await drift('--context', 'production', '--format', 'json');
    const result = JSON.parse(run.stdout) as AuditResult;
    const live = result.findings.filter((finding) => finding.code === 'LIVE_DRIFT');
    expect(live.map((finding) => finding.path)).toEqual(['spec.replicas']);
    expect(live[0]!.message).toContain('kubectl-edit');
    expect(live[0]!.message).toContain(EDITED);
    expect(live[0]!.blocking).toBe(true);
    expect(run.exitCode).toBe(1);

    const human = await drift('--context', 'production');
    expect(human.stdout).toContain('LIVE_DRIFT  spec.replicas');
    expect(human.stdout).not.toMatch(/Qe8rJ5uY1bzo/);
  });

  it('reports an object missing from the cluster', async () => {
    api.remove('v1', 'Service', 'payments-service', 'ecommerce-production');
    const run = await drift('--context', 'production', '--format', 'json');
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.findings.filter((finding) => finding.code === 'LIVE_MISSING').map((finding) => finding.resource?.kind)).toEqual(['Service']);
    expect(run.exitCode).toBe(1);
  });

  it('fails closed with one line when the credential is rejected', async () => {
    const run = await drift('--context', 'expired');
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/context expired.*401/);
  });
});
