import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gate } from '../../src/gate/gate.js';
import { noHelm, useTempDirs } from '../helm/helpers.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';
import type { Overlay, ServiceSpec } from '../../src/types.js';
import { apiService, CHART_FILES, ENVS, gateOptionsFor } from './helm-support.js';

/** One service of the ecommerce-helm chart: its tag lives at services.<name>.tag. */
function shopService(repoDir: string, name: string): ServiceSpec {
  const overlays: Record<string, Overlay> = {};
  for (const env of ENVS) {
    const chartDir = join(repoDir, 'charts/shop');
    const helm = { chartDir, chartRelDir: 'charts/shop', releaseName: 'shop', namespace: `ecommerce-${env}`, valuesFiles: [`charts/shop/values-${env}.yaml`] };
    overlays[env] = { service: name, env, dir: chartDir, relDir: 'charts/shop', helm: { ...helm, declaredIn: { file: `argocd/shop-${env}.yaml`, line: 4 }, imageKeys: [`services.${name}.tag`] } };
  }
  return { name, envs: ENVS, overlays };
}

let repo: TempRepo | undefined;
afterEach(async () => repo?.remove());

describe.skipIf(noHelm)('parity gate on Helm environments (real helm)', () => {
  const tempDir = useTempDirs();

  it('opens when the bumped values file makes the target run the source tag', async () => {
    repo = await createTempRepo(CHART_FILES);
    const { result, plan } = await gate(gateOptionsFor(repo.dir, apiService(repo.dir)));
    expect(result.errors).toEqual([]);
    expect(result.gate).toMatchObject({ open: true, reasons: [], tag: '1.1.0-bbbbbbb', tagFrom: 'source', tagSource: { file: 'charts/api/values-dev.yaml', line: 3 } });
    expect(result.gate?.images).toEqual([
      { image: 'image.tag', tag: '1.1.0-bbbbbbb', digest: null, currentTag: '1.0.0-aaaaaaa', currentDigest: null, action: 'update' },
    ]);
    expect(plan).toMatchObject({ kind: 'helm', file: 'charts/api/values-staging.yaml', line: 5, repository: 'ghcr.io/example/api', effective: true });
  });

  it('plans a service of the ecommerce-helm chart at its services.<name>.tag key and renders the bump', async () => {
    repo = await createTempRepo({}, resolve('fixtures/ecommerce-helm'));
    const service = shopService(repo.dir, 'checkout-service');
    const { result, plan } = await gate({ ...gateOptionsFor(repo.dir, service), service: 'checkout-service' });
    expect(result.errors).toEqual([]);
    expect(plan).toMatchObject({
      kind: 'helm',
      image: 'services.checkout-service.tag',
      tag: '1.4.3-8d1e7f0',
      currentTag: '1.4.2-3f9c2ab',
      file: 'charts/shop/values-staging.yaml',
      action: 'add',
      effective: true,
      repository: 'ghcr.io/ecommerce/checkout-service',
      source: { file: 'charts/shop/values-dev.yaml', line: 7 },
    });
    // The chart holds every service: the gate judges all of it, and staging's own drift (payments' mTLS) still closes it.
    expect(result.gate?.reasons).toEqual(['MTLS_MISMATCH PeerAuthentication payments-service spec.mtls.mode']);
  });

  it('renders through the render cache: a second gate is served from it and agrees', async () => {
    repo = await createTempRepo(CHART_FILES);
    const cached: Array<number | null> = [];
    const onPhase = (event: { phase: string; cachedRenders?: number | null }) => void (event.phase === 'render' && cached.push(event.cachedRenders ?? null));
    const options = { ...gateOptionsFor(repo.dir, apiService(repo.dir)), noCache: false, cacheDir: await tempDir(), onPhase };
    const first = await gate(options);
    const second = await gate(options);
    expect(first.result.gate?.open).toBe(true);
    expect(second.result.gate).toEqual(first.result.gate);
    expect(cached).toEqual([0, 2]);
  });

  it('closes when a --set parameter of the target still wins, naming it', async () => {
    repo = await createTempRepo(CHART_FILES);
    const service = apiService(repo.dir, { staging: { parameters: [{ name: 'image.tag', value: '1.0.0-aaaaaaa' }] } });
    const { result } = await gate(gateOptionsFor(repo.dir, service));
    expect(result.gate?.open).toBe(false);
    expect(result.gate?.reasons[0]).toBe(
      'setting the tag in charts/api/values-staging.yaml would not make staging run the promoted image: ' +
        'image.tag is set by helm.parameters image.tag of argocd/api-staging.yaml:3, which helm applies after charts/api/values-staging.yaml',
    );
    expect(result.gate?.reasons).toContainEqual(expect.stringMatching(/^IMAGE_MISMATCH Deployment api /));
  });

  it('closes when a later values file sets the key again, naming its line', async () => {
    repo = await createTempRepo({ ...CHART_FILES, 'charts/api/values-pins.yaml': '# shared pins\nreplicas: 1\nimage:\n  tag: 1.0.0-aaaaaaa\n' });
    const pinned = { valuesFiles: ['charts/api/values-staging.yaml', 'charts/api/values-pins.yaml'] };
    const service = apiService(repo.dir, { dev: { valuesFiles: ['charts/api/values-dev.yaml', 'charts/api/values-pins.yaml'] }, staging: pinned });
    const { result } = await gate(gateOptionsFor(repo.dir, service, { tag: '1.2.0-ccccccc' }));
    expect(result.gate?.open).toBe(false);
    expect(result.gate?.reasons[0]).toContain('image.tag is set by charts/api/values-pins.yaml:4, which helm applies after charts/api/values-staging.yaml');
  });

  it('closes when inline values of the target still win', async () => {
    repo = await createTempRepo(CHART_FILES);
    const service = apiService(repo.dir, { staging: { values: { image: { tag: '1.0.0-aaaaaaa' } } } });
    const { result } = await gate(gateOptionsFor(repo.dir, service));
    expect(result.gate?.open).toBe(false);
    expect(result.gate?.reasons[0]).toContain('image.tag is set by inline values (helm.values) of argocd/api-staging.yaml:3');
  });

  it('honours a sibling digest key: promoted with the tag, and the target renders it', async () => {
    repo = await createTempRepo({ ...CHART_FILES, 'charts/api/values-dev.yaml': `image:\n  tag: 1.1.0-bbbbbbb\n  digest: sha256:${'a'.repeat(64)}\n` });
    const { result } = await gate(gateOptionsFor(repo.dir, apiService(repo.dir)));
    expect(result.gate).toMatchObject({ open: true, images: [{ image: 'image.tag', tag: '1.1.0-bbbbbbb', digest: `sha256:${'a'.repeat(64)}`, action: 'update' }] });
  });

  it('closes when no container runs an image from the key (the chart does not read it)', async () => {
    repo = await createTempRepo(CHART_FILES);
    const service = apiService(repo.dir);
    for (const env of ['dev', 'staging']) service.overlays[env]!.helm!.imageKeys = ['sidecar.tag'];
    await repo.write('charts/api/values-dev.yaml', 'sidecar:\n  tag: 2.0.0-ddddddd\n');
    await repo.git('commit', '-qam', 'sidecar');
    const { result } = await gate(gateOptionsFor(repo.dir, service));
    expect(result.gate?.open).toBe(false);
    expect(result.gate?.reasons).toContain('no container of dev or staging runs an image from sidecar.tag (2.0.0-ddddddd) after the bump');
  });
});
