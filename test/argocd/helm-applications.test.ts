import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servicesFromApplications } from '../../src/pipeline/argocd-services.js';
import { ConfigError } from '../../src/errors.js';
import type { ParityConfig } from '../../src/types.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures');
const config: ParityConfig = { file: null, environments: ['dev', 'staging', 'production'], layout: null, services: [], policies: [], defaultPolicy: true };

async function makeRepo(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'parity-argo-helm-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

const CHART = { 'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n', 'charts/shop/values-dev.yaml': '', 'envs/dev/values.yaml': '' };

/** An Application `shop-dev` with `source` (YAML, indented four spaces under `spec:`). */
function app(source: string, name = 'shop-dev'): string {
  return `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\nspec:\n  project: default\n${source}  destination:\n    server: https://kubernetes.default.svc\n    namespace: shop-dev\n`;
}

async function servicesOf(files: Record<string, string>) {
  const repo = await makeRepo(files);
  return { repo, found: await servicesFromApplications(repo, 'argocd', config, {}) };
}

async function refusal(files: Record<string, string>): Promise<ConfigError> {
  const error = await servicesOf(files).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('Argo CD Applications deploying a Helm chart', () => {
  it('fixtures/ecommerce-helm: one service shop, each environment its values file, namespace and release name', async () => {
    const repo = join(fixtures, 'ecommerce-helm');
    const { services } = await servicesFromApplications(repo, join(repo, 'argocd'), config, {});
    expect(services.map((s) => [s.name, s.envs])).toEqual([['shop', ['dev', 'staging', 'production']]]);
    for (const env of ['dev', 'staging', 'production']) {
      const overlay = services[0]!.overlays[env]!;
      expect(overlay).toEqual({
        service: 'shop',
        env,
        dir: join(repo, 'charts/shop'),
        relDir: 'charts/shop',
        helm: {
          chartDir: join(repo, 'charts/shop'),
          chartRelDir: 'charts/shop',
          releaseName: 'shop',
          namespace: `ecommerce-${env}`,
          valuesFiles: [`charts/shop/values-${env}.yaml`],
          declaredIn: { file: `argocd/shop-${env}.yaml`, line: 1 },
        },
      });
    }
  });

  it('fixtures/helm-multisource: the chart source with $values files, valuesObject and parameters; the ref source lends files only', async () => {
    const repo = join(fixtures, 'helm-multisource');
    const { services } = await servicesFromApplications(repo, join(repo, 'argocd'), config, {});
    expect(services.map((s) => [s.name, s.envs])).toEqual([['orders', ['dev', 'staging', 'production']]]);
    const chartDir = join(repo, 'deploy/charts/orders');
    const base = { chartDir, chartRelDir: 'deploy/charts/orders', releaseName: 'orders' };
    const { dev, staging, production } = services[0]!.overlays;
    expect(dev!.helm).toEqual({ ...base, namespace: 'shop-dev', valuesFiles: ['envs/dev/values.yaml'], declaredIn: { file: 'argocd/orders-dev.yaml', line: 1 } });
    expect(staging!.helm).toEqual({
      ...base,
      namespace: 'shop-staging',
      valuesFiles: ['envs/staging/values.yaml'],
      values: { image: { pullPolicy: 'Always' } },
      declaredIn: { file: 'argocd/orders-staging.yaml', line: 1 },
    });
    expect(production!.helm).toEqual({
      ...base,
      namespace: 'shop-production',
      valuesFiles: ['envs/production/values.yaml', 'envs/production/replicas.yaml'],
      parameters: [{ name: 'logLevel', value: 'warn' }],
      declaredIn: { file: 'argocd/orders-production.yaml', line: 1 },
    });
    expect([dev!.dir, dev!.relDir]).toEqual([chartDir, 'deploy/charts/orders']);
  });

  it('a remote chart (chart + repoURL + targetRevision) sets remote, values from the repo through $values', async () => {
    const sources = `  sources:
    - repoURL: https://charts.example.com/
      chart: shop
      targetRevision: 1.2.3
      helm:
        releaseName: storefront
        values: |
          replicaCount: 2
        parameters:
          - {name: image.tag, value: "1.0", forceString: true}
        valueFiles:
          - $values/envs/dev/values.yaml
    - repoURL: https://github.com/org/infra.git
      targetRevision: main
      ref: values
`;
    const { found } = await servicesOf({ ...CHART, 'argocd/shop-dev.yaml': app(sources) });
    expect(found.services[0]!.overlays.dev).toEqual({
      service: 'shop',
      env: 'dev',
      dir: '',
      relDir: 'https://charts.example.com/shop',
      helm: {
        chartDir: '',
        chartRelDir: 'https://charts.example.com/shop',
        remote: { repoURL: 'https://charts.example.com/', chart: 'shop', version: '1.2.3' },
        releaseName: 'storefront',
        namespace: 'shop-dev',
        valuesFiles: ['envs/dev/values.yaml'],
        values: { replicaCount: 2 },
        parameters: [{ name: 'image.tag', value: '1.0', forceString: true }],
        declaredIn: { file: 'argocd/shop-dev.yaml', line: 1 },
      },
    });
  });

  it('keeps credentials of a chart repository URL out of the HelmSource', async () => {
    const source = '  source:\n    repoURL: https://robot:s3cr3t-token@charts.example.com\n    chart: shop\n    targetRevision: 2.0.0\n';
    const { found } = await servicesOf({ ...CHART, 'argocd/shop-dev.yaml': app(source) });
    const overlay = found.services[0]!.overlays.dev!;
    expect(overlay.helm).toMatchObject({ chartRelDir: 'https://charts.example.com/shop', remote: { repoURL: 'https://charts.example.com', chart: 'shop', version: '2.0.0' } });
    expect(JSON.stringify(overlay)).not.toContain('s3cr3t');
  });

  it('the release name defaults to the Application name; helm.namespace wins over the destination', async () => {
    const source = '  source:\n    repoURL: https://github.com/org/infra.git\n    path: charts/shop\n    helm:\n      namespace: other\n';
    const { found } = await servicesOf({ ...CHART, 'argocd/shop-dev.yaml': app(source) });
    expect(found.services[0]!.overlays.dev!.helm).toMatchObject({ releaseName: 'shop-dev', namespace: 'other', valuesFiles: [] });
  });

  it('a path holding Chart.yaml is Helm even without a helm block; with a kustomization it stays Kustomize', async () => {
    const source = '  source:\n    repoURL: https://github.com/org/infra.git\n    path: charts/shop\n';
    const helm = await servicesOf({ ...CHART, 'argocd/shop-dev.yaml': app(source) });
    expect(helm.found.services[0]!.overlays.dev!.helm?.chartRelDir).toBe('charts/shop');
    const kustomize = await servicesOf({ ...CHART, 'charts/shop/kustomization.yaml': 'resources: []\n', 'argocd/shop-dev.yaml': app(source) });
    expect(kustomize.found.services[0]!.overlays.dev).toEqual({ service: 'shop', env: 'dev', dir: join(kustomize.repo, 'charts/shop'), relDir: 'charts/shop' });
  });

  it('an ApplicationSet expands into Helm environments, lines pointing into its template', async () => {
    const set = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: shop}
spec:
  generators:
    - list:
        elements: [{env: dev}, {env: staging}]
  template:
    metadata: {name: 'shop-{{env}}'}
    spec:
      project: default
      sources:
        - path: charts/shop
          helm:
            valueFiles: ['$values/envs/{{env}}/values.yaml']
        - repoURL: https://github.com/org/infra.git
          ref: values
      destination: {namespace: 'shop-{{env}}'}
`;
    const { found } = await servicesOf({ ...CHART, 'envs/staging/values.yaml': '', 'argocd/set.yaml': set });
    expect(found.services[0]!.envs).toEqual(['dev', 'staging']);
    expect(found.services[0]!.overlays.staging!.helm).toMatchObject({ releaseName: 'shop-staging', namespace: 'shop-staging', valuesFiles: ['envs/staging/values.yaml'] });
    const missing = await refusal({ ...CHART, 'argocd/set.yaml': set });
    expect(missing.toLine()).toBe("argocd/set.yaml:15: spec.sources[0].helm.valueFiles[0] 'envs/staging/values.yaml' does not exist (Argo CD would fail to render; set ignoreMissingValueFiles to skip it)");
  });

  it('Kustomize Applications with several sources keep their first path, as before', async () => {
    const sources = '  sources:\n    - path: envs/dev\n    - path: other\n';
    const { found, repo } = await servicesOf({ ...CHART, 'envs/dev/kustomization.yaml': 'resources: []\n', 'other/x.yaml': '', 'argocd/shop-dev.yaml': app(sources) });
    expect(found.services[0]!.overlays.dev).toEqual({ service: 'shop', env: 'dev', dir: join(repo, 'envs/dev'), relDir: 'envs/dev' });
  });

  it('ignoreMissingValueFiles skips a missing values file, as Argo CD does', async () => {
    const source = '  source:\n    path: charts/shop\n    helm:\n      ignoreMissingValueFiles: true\n      valueFiles: [values-dev.yaml, values-missing.yaml]\n';
    const { found } = await servicesOf({ ...CHART, 'argocd/shop-dev.yaml': app(source) });
    expect(found.services[0]!.overlays.dev!.helm!.valuesFiles).toEqual(['charts/shop/values-dev.yaml']);
  });
});

describe('Argo CD Helm settings parity would render differently fail closed, naming file:line and field', () => {
  const helmSource = (helm: string) => `  source:\n    repoURL: https://github.com/org/infra.git\n    path: charts/shop\n    helm:\n${helm}`;
  const cases: Array<[string, string, string]> = [
    ['an unknown $ref', `  sources:\n    - path: charts/shop\n      helm:\n        valueFiles:\n          - $vals/envs/dev/values.yaml\n    - repoURL: x\n      ref: values\n`, "argocd/shop-dev.yaml:11: spec.sources[0].helm.valueFiles[0] refers to unknown source ref '$vals' (sources define: $values)"],
    ['a $ref without any ref source', helmSource('      valueFiles: [$values/envs/dev/values.yaml]\n'), "argocd/shop-dev.yaml:11: spec.source.helm.valueFiles[0] refers to unknown source ref '$values' (no source has a ref)"],
    ['a missing values file', helmSource('      valueFiles:\n        - values-dev.yaml\n        - values-qa.yaml\n'), "argocd/shop-dev.yaml:13: spec.source.helm.valueFiles[1] 'charts/shop/values-qa.yaml' does not exist (Argo CD would fail to render; set ignoreMissingValueFiles to skip it)"],
    ['fileParameters', helmSource('      fileParameters:\n        - {name: cert, path: cert.pem}\n'), 'argocd/shop-dev.yaml:11: spec.source.helm.fileParameters sets values from files (--set-file), which parity does not pass to helm: parity would render differently from Argo CD'],
    ['skipCrds', helmSource('      skipCrds: true\n'), 'argocd/shop-dev.yaml:11: spec.source.helm.skipCrds leaves CRDs out (--skip-crds), which parity does not: parity would render differently from Argo CD'],
    ['kubeVersion', helmSource('      kubeVersion: "1.29"\n'), "argocd/shop-dev.yaml:11: spec.source.helm.kubeVersion renders for another Kubernetes version (--kube-version) than parity's: parity would render differently from Argo CD"],
    ['an unknown helm field', helmSource('      postRenderer: x\n'), 'argocd/shop-dev.yaml:11: spec.source.helm.postRenderer is a Helm field parity does not know; it cannot tell how Argo CD renders it'],
    ['helm version v2', helmSource('      version: v2\n'), 'argocd/shop-dev.yaml:11: spec.source.helm.version must be v3 (the only Helm version parity renders with)'],
    ['values and valuesObject', helmSource('      values: "a: 1"\n      valuesObject: {a: 2}\n'), 'argocd/shop-dev.yaml:12: spec.source.helm.valuesObject and helm.values are both set; keep one'],
    ['a values file over the network', helmSource('      valueFiles: ["https://example.com/v.yaml"]\n'), "argocd/shop-dev.yaml:11: spec.source.helm.valueFiles[0] 'https://example.com/v.yaml' is fetched over the network; parity reads value files from the repository only"],
    ['an absolute values file', helmSource('      valueFiles: [/envs/dev/values.yaml]\n'), "argocd/shop-dev.yaml:11: spec.source.helm.valueFiles[0] '/envs/dev/values.yaml' is absolute; write it relative to the chart, or as $<ref>/… with a ref source"],
    ['a variable in a values file', helmSource('      valueFiles: [values-$ARGOCD_APP_NAME.yaml]\n'), "argocd/shop-dev.yaml:11: spec.source.helm.valueFiles[0] 'values-$ARGOCD_APP_NAME.yaml' holds a variable Argo CD substitutes; parity does not"],
    ['a values file leaving the repository', helmSource('      valueFiles: [../../../x.yaml]\n'), "argocd/shop-dev.yaml:11: spec.source.helm.valueFiles[0] '../x.yaml' leaves the repository"],
    ['a remote chart without a version', '  source:\n    repoURL: https://charts.example.com\n    chart: shop\n', 'argocd/shop-dev.yaml:9: spec.source.chart has no targetRevision (the chart version); parity will not guess which version Argo CD deploys'],
    ['a relative values file of a remote chart', '  source:\n    repoURL: https://charts.example.com\n    chart: shop\n    targetRevision: 1.0.0\n    helm:\n      valueFiles: [values-prod.yaml]\n', "argocd/shop-dev.yaml:12: spec.source.helm.valueFiles[0] 'values-prod.yaml' is read from inside the remote chart; parity reads value files from the repository only (use $<ref>/…)"],
    ['a helm block on a path without Chart.yaml', '  source:\n    path: envs/dev\n    helm: {releaseName: x}\n', "argocd/shop-dev.yaml:8: spec.source.path 'envs/dev' holds no Chart.yaml, but the source is rendered with Helm"],
    ['a chart and another rendering source', '  sources:\n    - path: charts/shop\n    - path: envs/dev\n', "argocd/shop-dev.yaml:1: Application 'shop-dev' renders 2 sources, a Helm chart among them; parity audits one chart or overlay per Application"],
    ['invalid parameters', helmSource('      parameters:\n        - value: x\n'), 'argocd/shop-dev.yaml:12: spec.source.helm.parameters[0] must have a name'],
  ];
  it.each(cases)('%s', async (_, source, line) => {
    const error = await refusal({ ...CHART, 'argocd/shop-dev.yaml': app(source) });
    expect(error.toLine()).toBe(line);
  });

  it('says only that helm.values is invalid, never what it holds', async () => {
    const source = helmSource('      values: |\n        password: hunter2-secret\n        : [\n');
    const error = await refusal({ ...CHART, 'argocd/shop-dev.yaml': app(source) });
    expect(error.toLine()).toBe('argocd/shop-dev.yaml:11: spec.source.helm.values is not valid YAML');
  });
});
