import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectRenderer } from '../../src/render/create-renderer.js';
import { parseRenderedYaml } from '../../src/yaml/parse-rendered.js';
import type { AuditResult } from '../../src/types.js';
import { startFakeKubeApi, writeKubeconfig, type FakeKubeApi } from '../support/fake-kube-api.js';
import { runCli } from '../support/run-cli.js';
import { copyFixture } from '../support/temp-copy.js';

const APPLICATION = 'argocd/production/payments-service.yaml';
const APPLIED = '2026-05-01T10:00:00Z';

const IGNORE = `  ignoreDifferences:
    - group: apps
      kind: Deployment
      managedFieldsManagers: [kube-controller-manager]
    - group: apps
      kind: Deployment
      name: payments-service
      jqPathExpressions:
        - '.spec.template.spec.containers[] | select(.name == "payments-service") | .image'
    - group: ""
      kind: Service
      jsonPointers: [/metadata/labels/environment]
`;

/** The live objects: what Argo CD applied, then an HPA scaling, an image pin and a relabel by hand. */
function liveObjects(rendered: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return rendered.map((object) => {
    const metadata = { ...(object.metadata as Record<string, unknown>) };
    const managedFields: unknown[] = [{ manager: 'argocd-controller', operation: 'Apply', time: APPLIED, fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } }];
    const live: Record<string, unknown> = { ...structuredClone(object), metadata: { ...metadata, uid: `uid-${String(metadata.name)}`, managedFields } };
    if (object.kind === 'Deployment') {
      const spec = live.spec as { replicas: number; template: { spec: { containers: Array<Record<string, unknown>> } } };
      spec.replicas = 7;
      managedFields.push({ manager: 'kube-controller-manager', operation: 'Update', time: APPLIED, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
      const container = spec.template.spec.containers[0]!;
      container.image = 'ghcr.io/ecommerce/payments-service:3.2.2-hotfix';
      container.env = [...(container.env as unknown[]), { name: 'DEBUG', value: 'true' }];
    }
    if (object.kind === 'Service') (live.metadata as { labels: Record<string, string> }).labels.environment = 'prod';
    return live;
  });
}

describe('parity drift --argocd honours the Application’s ignoreDifferences (built CLI, fake API server)', () => {
  let api: FakeKubeApi;
  let repo: { dir: string; cleanup: () => Promise<void> };
  let kubeconfig: string;
  let original: string;

  beforeAll(async () => {
    repo = await copyFixture('ecommerce-infra');
    const renderer = await detectRenderer({ env: process.env });
    const rendered = parseRenderedYaml(await renderer.render(join(repo.dir, 'apps/payments-service/overlays/production')), 'production', 'production');
    api = await startFakeKubeApi({ objects: liveObjects(rendered as unknown as Array<Record<string, unknown>>), tokens: { 'prod-token': 'system:serviceaccount:ci:parity' } });
    kubeconfig = await writeKubeconfig(repo.dir, [{ name: 'production', server: api.url, token: 'prod-token', namespace: 'ecommerce-production' }]);
    original = await readFile(join(repo.dir, APPLICATION), 'utf8');
  });
  afterAll(async () => {
    await api?.close();
    await repo?.cleanup();
  });

  const setIgnore = (block: string) => writeFile(join(repo.dir, APPLICATION), original.replace(/^spec:\n/m, `spec:\n${block}`));
  const drift = (...extra: string[]) =>
    runCli(['drift', '--repo', repo.dir, '--env', 'production', '--service', 'payments-service', '--kubeconfig', kubeconfig, '--context', 'production', ...extra]);
  const livePaths = (result: AuditResult) => result.findings.filter((f) => f.code === 'LIVE_DRIFT').map((f) => `${f.resource?.kind} ${f.path}`);

  it('without --argocd reports every live difference and no ignored count', async () => {
    await setIgnore(IGNORE);
    const run = await drift('--format', 'json');
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(livePaths(result)).toEqual([
      'Deployment spec.replicas',
      'Deployment spec.template.spec.containers[name=payments-service].env[name=DEBUG]',
      'Deployment spec.template.spec.containers[name=payments-service].image',
      'Service metadata.labels.environment',
    ]);
    expect(result.ignoredDifferences).toBeUndefined();
    expect(run.exitCode).toBe(1);
  });

  it('leaves out what the managers, the jq expression and the pointer cover, and counts it', async () => {
    await setIgnore(IGNORE);
    const run = await drift('--argocd', join(repo.dir, 'argocd'), '--format', 'json');
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(livePaths(result)).toEqual(['Deployment spec.template.spec.containers[name=payments-service].env[name=DEBUG]']);
    expect(result.ignoredDifferences).toBe(3);
    expect(run.exitCode).toBe(1);

    const human = await drift('--argocd', join(repo.dir, 'argocd'));
    expect(human.stdout).toContain("ignored 3 live differences the Argo CD Applications' ignoreDifferences cover");
  });

  it('passes once the only difference left is ignored too, and says none were ignored without rules', async () => {
    await setIgnore(`${IGNORE}    - group: apps\n      kind: Deployment\n      jqPathExpressions: ['.spec.template.spec.containers[]?.env[]? | select(.name == "DEBUG")']\n`);
    const run = await drift('--argocd', join(repo.dir, 'argocd'), '--format', 'json');
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(livePaths(result)).toEqual([]);
    expect(result.ignoredDifferences).toBe(4);
    expect(run.exitCode).toBe(0);

    await setIgnore('');
    const plain = JSON.parse((await drift('--argocd', join(repo.dir, 'argocd'), '--format', 'json')).stdout) as AuditResult;
    expect(livePaths(plain)).toHaveLength(4);
    expect(plain.ignoredDifferences).toBe(0);
  });

  it('fails closed before any API call on an expression it does not support, naming it', async () => {
    await setIgnore('  ignoreDifferences:\n    - {group: apps, kind: Deployment, jqPathExpressions: [".spec.replicas // 1"]}\n');
    const before = api.requests.length;
    const run = await drift('--argocd', join(repo.dir, 'argocd'));
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`${APPLICATION}:1: Application payments-service-production: jqPathExpression '.spec.replicas // 1' is not supported by parity`);
    expect(api.requests.length).toBe(before);
  });
});
