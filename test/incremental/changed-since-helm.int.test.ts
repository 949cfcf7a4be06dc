import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { selectChanged } from '../../src/incremental/changed-since.js';
import type { ParityConfig, ServiceSpec } from '../../src/types.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const repos: TempRepo[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map((repo) => repo.remove()));
});

const config: ParityConfig = { file: null, environments: ['staging', 'production'], layout: null, services: [], policies: [], defaultPolicy: true };

/** Two Helm services: `web` with its chart and values under charts/web, `api` with values outside its chart. */
function services(dir: string): ServiceSpec[] {
  const spec = (name: string, valuesFile: (env: string) => string): ServiceSpec => ({
    name,
    envs: ['staging', 'production'],
    overlays: Object.fromEntries(
      ['staging', 'production'].map((env) => [
        env,
        {
          service: name,
          env,
          dir: join(dir, 'charts', name),
          relDir: `charts/${name}`,
          helm: { chartDir: join(dir, 'charts', name), chartRelDir: `charts/${name}`, releaseName: name, valuesFiles: [valuesFile(env)], declaredIn: { file: `argocd/${name}-${env}.yaml` } },
        },
      ]),
    ),
  });
  return [spec('web', (env) => `charts/web/values-${env}.yaml`), spec('api', (env) => `envs/${env}/api.yaml`)];
}

async function repo(): Promise<TempRepo> {
  const created = await createTempRepo({
    'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
    'charts/web/templates/deployment.yaml': 'kind: Deployment\n',
    'charts/web/values-staging.yaml': 'replicas: 1\n',
    'charts/web/values-production.yaml': 'replicas: 2\n',
    'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n',
    'charts/api/templates/deployment.yaml': 'kind: Deployment\n',
    'envs/staging/api.yaml': 'replicas: 1\n',
    'envs/production/api.yaml': 'replicas: 2\n',
    'argocd/api-production.yaml': 'kind: Application\n',
    'README.md': '# infra\n',
  });
  repos.push(created);
  return created;
}

const selectedAfter = async (edit: (repo: TempRepo) => Promise<void>): Promise<string[]> => {
  const created = await repo();
  await edit(created);
  const { selected } = await selectChanged(services(created.dir), config, created.dir, 'HEAD');
  return selected.map((service) => service.name);
};

describe('--changed-since selects Helm services by what their renders read', () => {
  it('selects a service when one of its values files, its chart or the Application naming it changed, and nothing else', async () => {
    expect(await selectedAfter((r) => r.write('README.md', '# changed\n'))).toEqual([]);
    expect(await selectedAfter((r) => r.write('envs/production/api.yaml', 'replicas: 3\n'))).toEqual(['api']);
    expect(await selectedAfter((r) => r.write('charts/web/templates/deployment.yaml', 'kind: Deployment # edited\n'))).toEqual(['web']);
    expect(await selectedAfter((r) => r.write('charts/web/templates/service.yaml', 'kind: Service\n'))).toEqual(['web']);
    expect(await selectedAfter((r) => r.write('argocd/api-production.yaml', 'kind: Application # edited\n'))).toEqual(['api']);
  });
});
