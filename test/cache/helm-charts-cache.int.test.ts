import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderThroughCache } from '../../src/pipeline/render-through-cache.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { detectRendererInfo } from '../../src/render/index.js';
import type { Overlay } from '../../src/types.js';
import { HELM, noHelm } from '../helm/helpers.js';
import { counting } from '../render/helpers.js';
import { FIXTURES } from '../support/temp-copy.js';

const REPO = join(FIXTURES, 'kustomize-helmcharts');
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function overlays(): Overlay[] {
  return ['web', 'plain'].flatMap((service) =>
    ['dev', 'production'].map((env) => ({ service, env, dir: join(REPO, 'apps', service, 'overlays', env), relDir: `apps/${service}/overlays/${env}` })),
  );
}

describe.skipIf(noHelm)('the render cache and helmCharts', () => {
  it('renders chains with helmCharts afresh every run (the helm binary is not in the key) and serves the others', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'parity-helm-cache-'));
    dirs.push(cacheDir);
    const renderer = counting(createRenderer(await detectRendererInfo()));
    const options = { repoDir: REPO, cacheDir, helm: HELM };
    const first = await renderThroughCache(overlays(), renderer, options);
    expect(first.results.every((result) => !(result instanceof Error))).toBe(true);
    const firstCalls = renderer.calls;
    expect(firstCalls).toBeGreaterThanOrEqual(3);
    const second = await renderThroughCache(overlays(), renderer, options);
    expect(second.results.every((result) => !(result instanceof Error))).toBe(true);
    // Only the two web overlays (helmCharts) reached Kustomize again.
    expect(renderer.calls - firstCalls).toBe(2);
    expect(second.cache?.keys.has('apps/plain/overlays/dev')).toBe(true);
    expect(second.cache?.keys.has('apps/web/overlays/dev')).toBe(false);
  });
});
