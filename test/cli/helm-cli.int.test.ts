import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/types.js';
import { HELM, noHelm, useTempDirs, writeTree } from '../helm/helpers.js';
import { runCli } from '../support/run-cli.js';
import { createTempRepo } from '../support/temp-repo.js';
import { writeHelmRepo } from '../../bench/helm-bench.mjs';

const SHOP = resolve('fixtures/ecommerce-helm');

/** A chart that prints what it is told of the cluster, as a service of the config. */
async function capabilitiesRepo(dir: string): Promise<string> {
  return writeTree(dir, {
    'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
    'charts/app/values.yaml': 'replicas: 1\n',
    'charts/app/templates/cm.yaml': [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: {{ .Release.Name }}-caps',
      'data:',
      '  kube: {{ .Capabilities.KubeVersion.Version | quote }}',
      '  monitoring: {{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" | quote }}',
      '',
    ].join('\n'),
    ...Object.fromEntries(['dev', 'staging', 'production'].map((env) => [`charts/app/values-${env}.yaml`, 'replicas: 2\n'])),
    'parity.config.yaml': "services:\n  - name: app\n    helm:\n      chart: charts/app\n      valuesFiles: ['values-{env}.yaml']\n",
  });
}

describe.skipIf(noHelm)('Helm services from the command line (real helm, built CLI)', () => {
  const tempDir = useTempDirs();

  it('audits the Helm sample from its Argo CD Applications: helm in renderers, the values view, no secret value', async () => {
    const run = await runCli(['audit', '--repo', SHOP, '--argocd', join(SHOP, 'argocd'), '--helm', HELM, '--format', 'json', '--no-cache']);
    expect(run.exitCode).toBe(1);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.errors).toEqual([]);
    expect(result.renderers?.find((renderer) => renderer.name === 'helm')).toMatchObject({ path: HELM, version: 'v3.17.3' });
    expect(result.findings.filter((finding) => finding.blocking).map((finding) => `${finding.code} ${finding.envs.join('→')}`)).toEqual([
      'MTLS_MISMATCH dev→staging',
      'MTLS_MISMATCH staging→production',
    ]);
    expect(result.values?.map((view) => view.envs.join('→'))).toEqual(['dev→staging', 'staging→production']);
    const production = await readFile(join(SHOP, 'charts/shop/values-production.yaml'), 'utf8');
    const password = /password:\s*(\S+)/.exec(production)?.[1] ?? '';
    expect(password.length).toBeGreaterThan(6);
    expect(`${run.stdout}${run.stderr}`).not.toContain(password);
  });

  it('renders charts for the Kubernetes version and APIs given, and refuses a version that is none', async () => {
    const repo = await capabilitiesRepo(await tempDir());
    const run = await runCli(['render', '--repo', repo, '--service', 'app', '--env', 'staging', '--helm', HELM, '--kube-version', '1.27.3', '--api-versions', 'monitoring.coreos.com/v1', '--no-cache']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('kube: v1.27.3');
    expect(run.stdout).toContain('monitoring: "true"');
    const plain = await runCli(['render', '--repo', repo, '--service', 'app', '--env', 'staging', '--helm', HELM, '--no-cache']);
    expect(plain.stdout).toContain('kube: v1.31.0');
    expect(plain.stdout).toContain('monitoring: "false"');
    const bad = await runCli(['render', '--repo', repo, '--service', 'app', '--env', 'staging', '--helm', HELM, '--kube-version', 'latest']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("option '--kube-version <version>' argument 'latest' is invalid");
  });

  it('shards Helm services and merges them into the unsharded result, values view and renderers included', async () => {
    const source = await tempDir();
    writeHelmRepo(source, 4);
    const repo = await createTempRepo({}, source);
    try {
      const audit = async (...extra: string[]) => {
        const run = await runCli(['audit', '--repo', repo.dir, '--helm', HELM, '--no-cache', '--format', 'json', ...extra]);
        expect([0, 1], run.stderr).toContain(run.exitCode);
        return run.stdout;
      };
      const whole = JSON.parse(await audit()) as AuditResult;
      expect(whole.summary.blocking).toBeGreaterThan(0);
      const outside = await tempDir();
      const files = [];
      for (const k of [1, 2]) {
        const file = join(outside, `shard-${k}.json`);
        await writeFile(file, await audit('--shard', `${k}/2`));
        files.push(file);
      }
      const merged = await runCli(['merge', ...files, '--format', 'json']);
      expect(merged.exitCode).toBe(1);
      const result = JSON.parse(merged.stdout) as AuditResult;
      expect(result.findings.map((finding) => finding.id)).toEqual(whole.findings.map((finding) => finding.id));
      expect(result.values).toEqual(whole.values);
      expect(result.renderers).toEqual(whole.renderers);
      expect(whole.values?.length).toBe(8);
    } finally {
      await repo.remove();
    }
  });

  it('fails closed with one line naming what to install when no helm is found', async () => {
    const repo = await capabilitiesRepo(await tempDir());
    const run = await runCli(['audit', '--repo', repo, '--no-cache'], { env: { PATH: '/nonexistent', PARITY_HELM: '' } });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('helm not found: install Helm ≥ 3.8');
  });
});
