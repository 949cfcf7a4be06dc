import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRendered } from '../../src/pipeline/compare.js';
import { renderAll } from '../../src/pipeline/render.js';
import { type AuditOptions, type AuditPlan } from '../../src/pipeline/plan.js';
import { loadConfig } from '../../src/discover/load-config.js';
import { createHelmLocator } from '../../src/helm/helm-locator.js';
import { loadPolicy } from '../../src/policy/load-policy.js';
import { detectRenderer } from '../../src/render/create-renderer.js';
import { formatHuman } from '../../src/report/human.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import type { AuditResult, HelmSource, Overlay, ServiceSpec } from '../../src/types.js';
import { HELM, noHelm, useTempDirs, writeTree } from './helpers.js';

const SHOP = resolve('fixtures/ecommerce-helm');
const ENVS = ['dev', 'staging', 'production'];

/** A Helm service whose environments share one chart, each with its own values. */
function helmService(repo: string, name: string, chart: string, perEnv: (env: string) => Partial<HelmSource>): ServiceSpec {
  const overlays: Record<string, Overlay> = {};
  for (const env of ENVS) {
    const helm: HelmSource = { chartDir: join(repo, chart), chartRelDir: chart, releaseName: name, valuesFiles: [], declaredIn: { file: `argocd/${name}-${env}.yaml`, line: 1 }, ...perEnv(env) };
    overlays[env] = { service: name, env, dir: join(repo, chart), relDir: chart, helm };
  }
  return { name, envs: ENVS, overlays };
}

function shop(repo = SHOP): ServiceSpec {
  return helmService(repo, 'shop', 'charts/shop', (env) => ({ namespace: `ecommerce-${env}`, valuesFiles: [`charts/shop/values-${env}.yaml`] }));
}

async function auditPlan(repo: string, services: ServiceSpec[], extra: Partial<AuditOptions> = {}): Promise<{ result: AuditResult; hits: number | null }> {
  const config = await loadConfig(repo, undefined, {});
  const policy = await loadPolicy(repo, config, {});
  const renderer = await detectRenderer({ env: process.env });
  const plan: AuditPlan = { config, services, policy, renderer, applications: [] };
  const options: AuditOptions = { repoDir: repo, noCache: true, helmLocator: createHelmLocator({ helm: HELM }), ...extra };
  const outcome = await renderAll(services.flatMap((service) => Object.values(service.overlays)), renderer, options);
  const result = await compareRendered(plan, outcome, options);
  return { result, hits: outcome.hits?.renders ?? null };
}

describe.skipIf(noHelm)('audit of Helm environments (real helm)', () => {
  const tempDir = useTempDirs();

  it('blocks the payments TLS story of the sample chart, citing the values line or the template that causes each finding', async () => {
    const { result } = await auditPlan(SHOP, [shop()]);
    expect(result.errors).toEqual([]);
    expect(result.renderers?.map((renderer) => renderer.name)).toEqual([result.renderer!.name, 'helm']);
    const blocking = result.findings.filter((finding) => finding.blocking);
    expect(blocking.map((finding) => [finding.code, finding.envs.join('→'), finding.source])).toEqual([
      ['MTLS_MISMATCH', 'dev→staging', { file: 'charts/shop/values-staging.yaml', line: 23 }],
      ['MTLS_MISMATCH', 'staging→production', { file: 'charts/shop/templates/deployment.yaml', line: 29 }],
    ]);
    const replicas = result.findings.find((finding) => finding.path === 'spec.replicas' && finding.resource?.name === 'payments-service' && finding.envs[0] === 'dev');
    expect(replicas?.source).toEqual({ file: 'charts/shop/values-staging.yaml', line: 9 });
    const tag = result.findings.find((finding) => finding.resource?.name === 'checkout-service' && finding.path?.endsWith('.image'));
    expect(tag?.source).toEqual({ file: 'charts/shop/values-dev.yaml', line: 7 });
  });

  it('lists the values keys that differ per pair, allowed ones folded, never their values', async () => {
    const { result } = await auditPlan(SHOP, [shop()]);
    const view = result.values?.find((entry) => entry.envs.join() === 'staging,production');
    const shown = view?.keys.filter((key) => key.status !== 'allowed').map((key) => key.key);
    expect(shown).toEqual(['environment', 'payments.database.host', 'payments.database.password', 'payments.processor.mtls.enabled']);
    expect(view?.keys.find((key) => key.key === 'payments.processor.mtls.enabled')?.at).toEqual([
      { env: 'staging', file: 'charts/shop/values.yaml', line: 64 },
      { env: 'production', file: 'charts/shop/values-production.yaml', line: 26 },
    ]);
    expect(view?.keys.some((key) => key.key === 'services.payments-service.replicas' && key.status === 'allowed')).toBe(true);
    const human = formatHuman(result);
    const markdown = formatMarkdown(result);
    expect(markdown).toContain('| payments.processor.mtls.enabled | charts/shop/values.yaml:64 | charts/shop/values-production.yaml:26 |  |');
    expect(markdown).not.toContain('services.payments-service.replicas');
    expect(human).toContain('values that differ (11 allowed not shown)');
    expect(human).toContain('payments.processor.mtls.enabled  staging charts/shop/values.yaml:64, production charts/shop/values-production.yaml:26');
    // The database passwords differ per environment: their keys are listed, their values never.
    const everything = `${JSON.stringify(result)}\n${human}\n${markdown}`;
    for (const env of ENVS) {
      const password = /password:\s*(\S+)/.exec(await readFile(join(SHOP, `charts/shop/values-${env}.yaml`), 'utf8'))?.[1];
      expect(password && password.length > 6).toBe(true);
      expect(everything).not.toContain(password);
    }
  });

  it('matches objects named after the release across environments with different release names', async () => {
    const repo = await appChart(await tempDir());
    const service = helmService(repo, 'app', 'charts/app', (env) => ({ releaseName: `app-${env === 'production' ? 'prd' : env}-blue`, valuesFiles: [`envs/${env}.yaml`] }));
    const { result } = await auditPlan(repo, [service]);
    expect(result.errors).toEqual([]);
    const codes = result.findings.map((finding) => `${finding.code} ${finding.resource?.kind}/${finding.resource?.name} ${finding.path} ${finding.envs.join('→')}`);
    expect(codes.sort()).toEqual([
      'VALUE_DRIFT ConfigMap/config data.LOG_LEVEL dev→staging',
      'VALUE_DRIFT Deployment/web spec.replicas dev→staging',
    ]);
    const logLevel = result.findings.find((finding) => finding.path === 'data.LOG_LEVEL');
    expect(logLevel?.source).toEqual({ file: 'envs/dev.yaml', line: 1 });
  });

  it('serves an unchanged environment from the render cache and renders again when its values file changes', async () => {
    const repo = await appChart(await tempDir());
    const service = helmService(repo, 'app', 'charts/app', (env) => ({ valuesFiles: [`envs/${env}.yaml`] }));
    const cacheDir = await tempDir();
    const first = await auditPlan(repo, [service], { noCache: false, cacheDir });
    expect(first.hits).toBe(0);
    const second = await auditPlan(repo, [service], { noCache: false, cacheDir });
    expect(second.result).toEqual(first.result);
    expect(second.hits).toBe(3);
    await writeFile(join(repo, 'envs/production.yaml'), 'replicas: 4\n');
    const third = await auditPlan(repo, [service], { noCache: false, cacheDir });
    expect(third.hits).toBe(2);
    expect(third.result.findings.find((finding) => finding.envs.join() === 'staging,production')?.values).toEqual({ staging: 2, production: 4 });
    // A chart template is an input too.
    const template = join(repo, 'charts/app/templates/all.yaml');
    await writeFile(template, (await readFile(template, 'utf8')).replace('example/web:1.0.0', 'example/web:1.0.1'));
    const fourth = await auditPlan(repo, [service], { noCache: false, cacheDir });
    expect(fourth.hits).toBe(0);
  });

  it('fails closed, naming the file, when a values file is missing, and names --allow-remote for a chart from a repository', async () => {
    const missing = helmService(SHOP, 'shop', 'charts/shop', (env) => ({ valuesFiles: [`charts/shop/values-${env}.yaml`, env === 'staging' ? 'charts/shop/values-qa.yaml' : `charts/shop/values-${env}.yaml`] }));
    const { result } = await auditPlan(SHOP, [missing]);
    expect(result.errors.map((error) => [error.env, error.file, error.message])).toEqual([['staging', 'charts/shop/values-qa.yaml', 'charts/shop/values-qa.yaml: values file does not exist']]);
    const remote = helmService(SHOP, 'shop', 'charts/shop', () => ({ remote: { repoURL: 'https://charts.example.com', chart: 'shop', version: '1.2.3' } }));
    const offline = await auditPlan(SHOP, [remote]);
    expect(offline.result.errors).toHaveLength(3);
    expect(offline.result.errors[0]!.message).toBe('argocd/shop-dev.yaml:1: chart shop 1.2.3 from https://charts.example.com needs the network: parity renders offline unless run with --allow-remote');
    expect(offline.result.errors[0]!.file).toBe('argocd/shop-dev.yaml');
  });

  it('stops the run (exit 2) naming what to install when no helm is found', async () => {
    const options = { helmLocator: createHelmLocator({ env: { PATH: '/nonexistent' } }) };
    await expect(auditPlan(SHOP, [shop()], options)).rejects.toThrow(/helm not found: install Helm ≥ 3\.8/);
  });
});

/** A chart without credentials whose objects are named after the release, with values per environment. */
async function appChart(dir: string): Promise<string> {
  return writeTree(dir, {
    'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
    'charts/app/values.yaml': 'replicas: 1\nlogLevel: info\n',
    'charts/app/templates/all.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ .Release.Name }}-web',
      'spec:',
      '  replicas: {{ .Values.replicas }}',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: example/web:1.0.0',
      '          envFrom: [{configMapRef: {name: {{ .Release.Name }}-config}}]',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: {{ .Release.Name }}-config',
      'data:',
      '  LOG_LEVEL: {{ .Values.logLevel | quote }}',
      '',
    ].join('\n'),
    // Values outside the chart: a change to one environment's leaves the others' renders cached.
    'envs/dev.yaml': 'logLevel: debug\n',
    'envs/staging.yaml': 'replicas: 2\n',
    'envs/production.yaml': 'replicas: 2\n',
  });
}
