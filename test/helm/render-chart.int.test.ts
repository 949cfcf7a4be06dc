import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.js';
import { renderChart, splitHelmOutput } from '../../src/helm/index.js';
import { find, HELM, noHelm, objectsOf, SHOP_CHART, useTempDirs } from './helpers.js';

interface Container {
  name: string;
  env: Array<{ name: string; value?: string }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface PodSpec {
  containers: Container[];
  volumes?: Array<{ name: string; secret: { secretName: string } }>;
}

function podSpec(objects: ReturnType<typeof objectsOf>, name: string): PodSpec {
  return (find(objects, 'Deployment', name) as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
}

async function renderShop(env: string): Promise<string> {
  return renderChart({ helm: HELM, chartDir: SHOP_CHART, releaseName: 'shop', namespace: `ecommerce-${env}`, valuesFiles: [`values-${env}.yaml`] });
}

describe.skipIf(noHelm)('renderChart: the sample shop per environment', () => {
  it('renders every environment with the real helm', async () => {
    for (const env of ['dev', 'staging', 'production']) {
      const objects = objectsOf(await renderShop(env));
      expect(objects.filter((object) => object.kind === 'Deployment')).toHaveLength(5);
      expect(find(objects, 'ConfigMap', 'payments-service-config').data).toMatchObject({
        DATABASE_URL: `postgres://payments-db.ecommerce-${env}.svc:5432/payments`,
      });
    }
  });

  it('production presents the processor client certificate; staging calls the sandbox without one', async () => {
    const production = podSpec(objectsOf(await renderShop('production')), 'payments-service');
    const staging = podSpec(objectsOf(await renderShop('staging')), 'payments-service');
    expect(production.volumes).toEqual([expect.objectContaining({ name: 'processor-client-tls', secret: expect.objectContaining({ secretName: 'processor-client-tls' }) })]);
    expect(production.containers[0]!.volumeMounts).toEqual([expect.objectContaining({ mountPath: '/etc/processor/tls' })]);
    expect(production.containers[0]!.env).toContainEqual({ name: 'PROCESSOR_URL', value: 'https://api.processor.example' });
    expect(production.containers[0]!.env.map((entry) => entry.name)).toContain('PROCESSOR_CLIENT_CERT');
    expect(staging.volumes).toBeUndefined();
    expect(staging.containers[0]!.volumeMounts).toBeUndefined();
    expect(staging.containers[0]!.env).toContainEqual({ name: 'PROCESSOR_URL', value: 'https://sandbox.processor.example' });
  });

  it('renders the payments Secret and Istio objects, and names each document by its template', async () => {
    const output = await renderShop('staging');
    const objects = objectsOf(output);
    expect(find(objects, 'Secret', 'payments-db').stringData).toEqual({ DB_PASSWORD: 'H7vN2mXc4Tqe' });
    expect(find(objects, 'PeerAuthentication', 'payments-service').spec).toMatchObject({ mtls: { mode: 'STRICT' } });
    expect(find(objects, 'DestinationRule', 'payments-processor').spec).toMatchObject({ host: 'sandbox.processor.example' });
    const sources = splitHelmOutput(output).map((document) => document.source);
    expect(sources).toHaveLength(objects.length);
    expect(new Set(sources)).toEqual(
      new Set(['configmap', 'deployment', 'service', 'payments-secret', 'payments-istio'].map((file) => `shop/templates/${file}.yaml`)),
    );
  });

  it('applies inline values after the values files, then parameters (--set, --set-string), and the kube version', async () => {
    const output = await renderChart({
      helm: HELM,
      chartDir: SHOP_CHART,
      releaseName: 'shop',
      valuesFiles: ['values-staging.yaml'],
      values: { environment: 'qa', payments: { processor: { url: 'https://inline.example' } } },
      set: [
        { name: 'services.payments-service.config.CAPTURE_DELAY_SECONDS', value: '0045', forceString: true },
        { name: 'services.catalog-service.config.REGIONS', value: 'eu,us', forceString: true },
        { name: 'services.payments-service.replicas', value: '7' },
      ],
    });
    const objects = objectsOf(output);
    expect(find(objects, 'Deployment', 'payments-service').metadata.labels).toMatchObject({ environment: 'qa' });
    expect((find(objects, 'Deployment', 'payments-service').spec as { replicas: number }).replicas).toBe(7);
    expect(find(objects, 'ConfigMap', 'payments-service-config').data).toMatchObject({ CAPTURE_DELAY_SECONDS: '0045' });
    expect(find(objects, 'ConfigMap', 'catalog-service-config').data).toMatchObject({ REGIONS: 'eu,us' });
    expect(find(objects, 'DestinationRule', 'payments-processor').spec).toMatchObject({ host: 'inline.example' });
  });
});

const newTempDir = useTempDirs();

const CHART_YAML = 'apiVersion: v2\nname: broken\nversion: 0.1.0\n';

async function brokenChart(templates: Record<string, string>, extra: Record<string, string> = {}): Promise<string> {
  const { writeTree } = await import('./helpers.js');
  const dir = join(await newTempDir(), 'broken');
  const files: Record<string, string> = { 'Chart.yaml': CHART_YAML, 'values.yaml': 'name: app\n', ...extra };
  for (const [name, text] of Object.entries(templates)) files[`templates/${name}`] = text;
  return writeTree(dir, files);
}

async function renderError(chartDir: string, options: { valuesFiles?: string[]; timeoutMs?: number } = {}): Promise<RenderError> {
  const error = await renderChart({ helm: HELM, chartDir, releaseName: 'r', ...options }).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RenderError);
  const line = (error as RenderError).toLine();
  expect(line).not.toContain('\n');
  return error as RenderError;
}

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n';

describe.skipIf(noHelm)('renderChart: one-line errors with file and line', () => {
  it('a template parse error names the template file and line', async () => {
    const chart = await brokenChart({ 'cm.yaml': `${CONFIGMAP}  x: {{ .Values.name | nosuchfunc }}\n` });
    const error = await renderError(chart);
    expect(error.toLine()).toBe(`${chart}/templates/cm.yaml:6: helm template failed: template parse error: function "nosuchfunc" not defined`);
  });

  it('a missing `required` value gives helm\'s message at its line', async () => {
    const chart = await brokenChart({ 'cm.yaml': `${CONFIGMAP}  \n  pw: {{ required "db.password is required" .Values.dbPassword }}\n` });
    const error = await renderError(chart);
    expect(error.file).toBe(`${chart}/templates/cm.yaml`);
    expect(error.line).toBe(7);
    expect(error.toLine()).toMatch(/cm\.yaml:7: helm template failed: db\.password is required$/);
  });

  it('a nil pointer in a template names the file and line', async () => {
    const chart = await brokenChart({ 'cm.yaml': `${CONFIGMAP}  pw: {{ .Values.db.password }}\n` });
    expect((await renderError(chart)).toLine()).toMatch(/templates\/cm\.yaml:6: helm template failed: template error: at <\.Values\.db\.password>: nil pointer/);
  });

  it('a template that renders invalid YAML names the template', async () => {
    const chart = await brokenChart({ 'cm.yaml': `${CONFIGMAP}  x: [ {{ .Values.name }}\n` });
    expect((await renderError(chart)).toLine()).toMatch(/templates\/cm\.yaml: helm template failed: the template renders invalid YAML \(line 6 of its output\)/);
  });

  it('a missing values file is named before helm runs', async () => {
    const chart = await brokenChart({ 'cm.yaml': `${CONFIGMAP}  x: y\n` });
    const error = await renderError(chart, { valuesFiles: ['values-qa.yaml'] });
    expect(error.toLine()).toBe(`${chart}/values-qa.yaml: values file does not exist`);
  });

  it('a values file with a YAML error names the file and line', async () => {
    const chart = await brokenChart({ 'cm.yaml': `${CONFIGMAP}  x: y\n` }, { 'values-bad.yaml': '# bad\ndb:\n  host: h\n   port: 1\n' });
    expect((await renderError(chart, { valuesFiles: ['values-bad.yaml'] })).toLine()).toBe(
      `${chart}/values-bad.yaml:4: helm template failed: values file is not valid YAML: mapping values are not allowed in this context`,
    );
  });

  it('a dependency not vendored under charts/ is named before helm runs', async () => {
    const chartYaml = `${CHART_YAML}dependencies:\n  - name: common\n    version: 2.x\n    repository: file://../common\n  - name: redis\n    version: 17.x\n    repository: https://charts.bitnami.com/bitnami\n`;
    const chart = await brokenChart(
      { 'cm.yaml': `${CONFIGMAP}  x: y\n` },
      { 'Chart.yaml': chartYaml, 'charts/common/Chart.yaml': 'apiVersion: v2\nname: common\nversion: 2.0.0\ntype: library\n' },
    );
    const error = await renderError(chart);
    expect(error.exitCode).toBeNull();
    expect(error.toLine()).toBe(
      `${chart}/Chart.yaml:8: chart dependency redis (https://charts.bitnami.com/bitnami) is not vendored under charts/; run \`helm dependency build ${chart}\` and commit charts/ (parity renders offline)`,
    );
  });

  it('a vendored dependency archive named <name>-<version>.tgz counts as vendored', async () => {
    const chartYaml = `${CHART_YAML}dependencies:\n  - name: redis\n    version: 17.x\n    repository: https://charts.bitnami.com/bitnami\n`;
    const chart = await brokenChart({ 'cm.yaml': `${CONFIGMAP}  x: y\n` }, { 'Chart.yaml': chartYaml, 'charts/redis-17.3.1.tgz': 'not really an archive' });
    // Past the pre-check: helm itself reads the archive and fails on it.
    expect((await renderError(chart)).exitCode).toBe(1);
  });

  it('a directory without Chart.yaml is not a chart', async () => {
    const dir = await newTempDir();
    expect((await renderError(dir)).toLine()).toBe(`${dir} holds no Chart.yaml: it is not a Helm chart`);
  });

  it('a render past its time limit fails closed', async () => {
    const chart = await brokenChart({ 'cm.yaml': `${CONFIGMAP}  x: y\n` });
    const error = await renderError(chart, { timeoutMs: 1 });
    expect(error.timedOut).toBe(true);
    expect(error.toLine()).toBe(`helm did not finish within 0.001s rendering ${chart}`);
  });

  it('never shows a secret value from the values in the message or stderr', async () => {
    const password = 'Sup3r-S3cret-Pw-1942';
    const chart = await brokenChart(
      { 'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  pw: {{ fail (printf "cannot use %s" .Values.database.password) }}\n' },
      { 'values-prod.yaml': `database:\n  password: ${password}\n` },
    );
    const error = await renderError(chart, { valuesFiles: ['values-prod.yaml'] });
    expect(error.toLine()).toMatch(/secret\.yaml:6: helm template failed: cannot use <redacted>$/);
    expect(error.toLine()).not.toContain(password);
    expect(error.stderr).not.toContain(password);
  });

  it('never shows a secret value quoted from a values file that does not parse', async () => {
    const password = 'An0ther-S3cret-Value';
    const chart = await brokenChart({ 'cm.yaml': `${CONFIGMAP}  x: y\n` }, { 'values-bad.yaml': `db:\n  password: ${password}\n   bad: [\n` });
    const error = await renderError(chart, { valuesFiles: ['values-bad.yaml'] });
    expect(`${error.toLine()}\n${error.stderr}`).not.toContain(password);
  });
});
