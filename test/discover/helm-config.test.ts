import { join } from 'node:path';
import { symlink } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { discoverServices } from '../../src/discover/discover-services.js';
import { loadConfig } from '../../src/discover/load-config.js';
import { ConfigError } from '../../src/errors.js';
import { caught, makeRepo } from './helpers.js';

const CHART = {
  'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
  'charts/shop/values.yaml': 'image: {tag: "1.0"}\n',
  'charts/shop/values-dev.yaml': '',
  'charts/shop/values-staging.yaml': '',
  'charts/shop/values-production.yaml': '',
  'charts/shop/secure.yaml': '',
  'values/common.yaml': '',
};

const CONFIG = `environments: [dev, staging, production]
services:
  - name: shop
    helm:
      chart: ./charts/shop/
      namespace: ecommerce-{env}
      valuesFiles:
        - ../../values/common.yaml
        - values-{env}.yaml
      set: {image.pullPolicy: Always, replicaCount: 2}
      envs:
        production:
          valuesFiles: ['values-{env}.yaml', secure.yaml]
          set: {replicaCount: 3}
          releaseName: shop-{env}
`;

async function discover(files: Record<string, string>, filter = {}) {
  const repo = await makeRepo(files);
  const config = await loadConfig(repo);
  return { repo, services: await discoverServices(repo, config, filter) };
}

async function configError(files: Record<string, string>): Promise<Error & { file?: string; line?: number }> {
  const error = await caught(async () => {
    const repo = await makeRepo(files);
    await discoverServices(repo, await loadConfig(repo));
  });
  expect(error).toBeInstanceOf(ConfigError);
  return error;
}

describe('a config service with helm:', () => {
  it('becomes one Helm environment per environment, paths repo-relative, {env} substituted, files in order', async () => {
    const { repo, services } = await discover({ ...CHART, 'parity.config.yaml': CONFIG });
    expect(services.map((s) => [s.name, s.envs, s.missingEnvs])).toEqual([['shop', ['dev', 'staging', 'production'], undefined]]);
    const { dev, production } = services[0]!.overlays;
    const chartDir = join(repo, 'charts/shop');
    expect(dev).toEqual({
      service: 'shop',
      env: 'dev',
      dir: chartDir,
      relDir: 'charts/shop',
      helm: {
        chartDir,
        chartRelDir: 'charts/shop',
        releaseName: 'shop',
        namespace: 'ecommerce-dev',
        valuesFiles: ['values/common.yaml', 'charts/shop/values-dev.yaml'],
        parameters: [
          { name: 'image.pullPolicy', value: 'Always', forceString: true },
          { name: 'replicaCount', value: '2' },
        ],
        declaredIn: { file: 'parity.config.yaml', line: 4 },
        imageKeys: ['image.tag'],
      },
    });
    expect(production!.helm).toMatchObject({
      releaseName: 'shop-production',
      namespace: 'ecommerce-production',
      valuesFiles: ['charts/shop/values-production.yaml', 'charts/shop/secure.yaml'],
      parameters: [
        { name: 'image.pullPolicy', value: 'Always', forceString: true },
        { name: 'replicaCount', value: '3' },
      ],
    });
  });

  it('keeps the service to its envs, and --env picks environments', async () => {
    const config = CONFIG.replace('    helm:\n', '    envs: [dev, production]\n    helm:\n');
    const { services } = await discover({ ...CHART, 'parity.config.yaml': config }, { envs: ['production'] });
    expect(services[0]!.envs).toEqual(['production']);
    const all = await discover({ ...CHART, 'parity.config.yaml': config });
    expect(all.services[0]!.envs).toEqual(['dev', 'production']);
  });

  it('takes the release name from the service and its image keys from the config', async () => {
    const config = 'services:\n  - name: shop\n    helm:\n      chart: charts/shop\n      imageKeys: [app.image.tag, sidecar.tag]\n';
    const { services } = await discover({ ...CHART, 'parity.config.yaml': config });
    expect(services[0]!.overlays.staging!.helm).toMatchObject({ releaseName: 'shop', valuesFiles: [], imageKeys: ['app.image.tag', 'sidecar.tag'] });
    expect(services[0]!.overlays.staging!.helm).not.toHaveProperty('namespace');
    expect(services[0]!.overlays.staging!.helm).not.toHaveProperty('parameters');
  });

  it('fails closed on a values file that does not exist, naming it and the config line', async () => {
    const files = { ...CHART, 'parity.config.yaml': CONFIG.replace('secure.yaml', 'missing.yaml') };
    const error = await configError(files);
    expect(error.message).toBe(
      "values file 'charts/shop/missing.yaml' of service 'shop' (production) does not exist; leave the environment out with the service's envs, or add the file",
    );
    expect([error.file, error.line]).toEqual(['parity.config.yaml', 4]);
    // Only the environments asked for are checked.
    const repo = await makeRepo(files);
    const services = await discoverServices(repo, await loadConfig(repo), { envs: ['dev'] });
    expect(services[0]!.envs).toEqual(['dev']);
  });

  it('fails closed on a chart directory without Chart.yaml', async () => {
    const error = await configError({ 'charts/shop/values.yaml': '', 'parity.config.yaml': 'services:\n  - name: shop\n    helm: {chart: charts/shop}\n' });
    expect(error.message).toBe("chart directory 'charts/shop' of service 'shop' (dev) holds no Chart.yaml");
    expect([error.file, error.line]).toEqual(['parity.config.yaml', 3]);
  });

  it('refuses a chart that is a symlink leaving the repository', async () => {
    const outside = await makeRepo(CHART);
    const repo = await makeRepo({ 'parity.config.yaml': 'services:\n  - name: shop\n    helm: {chart: charts}\n' });
    await symlink(join(outside, 'charts/shop'), join(repo, 'charts'));
    const error = await caught(async () => discoverServices(repo, await loadConfig(repo)));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^chart directory 'charts' of service 'shop' \(dev\) resolves to .*, outside the repository/);
  });
});

describe('helm: validation', () => {
  const cases: Array<[string, string, string]> = [
    ['both helm and overlays', '    overlays: {dev: apps/shop}\n    helm: {chart: charts/shop}\n', "services[0].overlays: service 'shop' sets both helm and overlays; a service is either a Helm chart or Kustomize overlays"],
    ['an unknown environment in envs', '    helm:\n      chart: charts/shop\n      envs: {qa: {namespace: x}}\n', "services[0].helm.envs.qa: unknown environment 'qa' (known: dev, staging, production)"],
    ['an environment outside the service envs', '    envs: [dev]\n    helm:\n      chart: charts/shop\n      envs: {staging: {namespace: x}}\n', "services[0].helm.envs.staging: unknown environment 'staging' (the service's envs: dev)"],
    ['{env} in the chart', '    helm: {chart: "charts/{env}"}\n', 'services[0].helm.chart: may not use placeholders (the chart is the same in every environment)'],
    ['another placeholder', '    helm: {chart: charts/shop, valuesFiles: ["values-{service}.yaml"]}\n', 'services[0].helm.valuesFiles[0]: may only use the placeholder {env}'],
    ['an unbalanced brace', '    helm: {chart: charts/shop, namespace: "ns-{env"}\n', 'services[0].helm.namespace: may only use the placeholder {env}'],
    ['a chart outside the repo', '    helm: {chart: ../charts/shop}\n', 'services[0].helm.chart: must be a relative path inside the repo (no absolute path, no `..` leaving it)'],
    ['a values file leaving the repo', '    helm: {chart: charts/shop, valuesFiles: [../../../x.yaml]}\n', "services[0].helm.valuesFiles[0]: values file '../../../x.yaml' leaves the repository (it is relative to the chart directory 'charts/shop')"],
    ['an absolute values file', '    helm: {chart: charts/shop, valuesFiles: [/etc/x.yaml]}\n', 'services[0].helm.valuesFiles[0]: must be a path relative to the chart directory'],
    ['an unknown key', '    helm: {chart: charts/shop, values: {a: 1}}\n', "unknown key 'values'"],
    ['a map as a set value', '    helm: {chart: charts/shop, set: {image: {tag: x}}}\n', 'services[0].helm.set.image'],
  ];
  it.each(cases)('refuses %s', async (_, service, message) => {
    const error = await caught(async () => loadConfig(await makeRepo({ ...CHART, 'parity.config.yaml': `services:\n  - name: shop\n${service}` })));
    expect(error).toBeInstanceOf(ConfigError);
    // The key path is quoted: 'services[0].helm.chart': …
    const quoted = message.replace(/^(services[^: ]*)(:?)/, "'$1'$2");
    expect(error.message.slice(0, quoted.length)).toBe(quoted);
    expect(error.file).toBe('parity.config.yaml');
    expect(error.line).toBeGreaterThanOrEqual(3);
  });
});
