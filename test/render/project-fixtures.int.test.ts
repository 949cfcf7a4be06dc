import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.js';
import { createRenderer, detectRenderer, findNpmKustomize, renderOverlays } from '../../src/render/index.js';
import { probeKustomize } from '../../src/kustomize/renderer-version.js';
import type { Overlay, RenderedOverlay } from '../../src/types.js';
import { fixtureOverlay } from './helpers.js';

/** The project's sample repositories under fixtures/. */
const PROJECT_FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
const renderer = await detectRenderer();

async function renderIn(repo: string, relDirs: string[]): Promise<Array<RenderedOverlay | RenderError>> {
  const repoDir = join(PROJECT_FIXTURES, repo);
  const overlays: Overlay[] = relDirs.map((relDir) => fixtureOverlay(relDir, repoDir));
  return renderOverlays(overlays, renderer, { repoDir });
}

describe('the project fixtures', () => {
  it('renders every overlay of ecommerce-infra', async () => {
    const services = ['catalog-service', 'checkout-service', 'frontend-shell', 'inventory-service', 'payments-service'];
    const dirs = services.flatMap((service) => ['dev', 'staging', 'production'].map((env) => `apps/${service}/overlays/${env}`));
    const results = await renderIn('ecommerce-infra', dirs);
    const errors = results.filter((result): result is RenderError => result instanceof RenderError);
    expect(errors.map((error) => error.toLine())).toEqual([]);
    for (const result of results as RenderedOverlay[]) {
      expect(result.resources.some((resource) => resource.kind === 'Deployment')).toBe(true);
      expect(result.chain.files[0]).toBe(`${result.overlay.relDir}/kustomization.yaml`);
    }
  });

  it('reads the pre-rendered repository without Kustomize', async () => {
    const [staging, production] = await renderIn('prerendered', ['rendered/billing/staging', 'rendered/billing/production']);
    for (const result of [staging, production]) {
      expect(result).not.toBeInstanceOf(RenderError);
      expect((result as RenderedOverlay).preRendered).toBe(true);
    }
    const kinds = (result: unknown) => (result as RenderedOverlay).resources.map((r) => r.kind).sort();
    expect(kinds(production)).toEqual(kinds(staging));
  });

  it.each([
    ['malformed-yaml', 'apps/svc/overlays/production/kustomization.yaml', 7],
    ['missing-base', undefined, undefined],
    ['remote-base', 'apps/svc/overlays/production/kustomization.yaml', 6],
    ['alias-bomb', 'apps/svc/overlays/production/patch-labels.yaml', undefined],
  ] as const)('fails closed on broken/%s, naming where', async (repo, file, line) => {
    const [staging, production] = await renderIn(`broken/${repo}`, ['apps/svc/overlays/staging', 'apps/svc/overlays/production']);
    expect(staging).not.toBeInstanceOf(RenderError);
    expect(production).toBeInstanceOf(RenderError);
    const error = production as RenderError;
    expect(error.overlay).toBe('apps/svc/overlays/production');
    if (file) expect(error.file).toBe(file);
    if (line) expect(error.line).toBe(line);
    if (repo === 'missing-base') expect(error.message).toMatch(/base-that-does-not-exist/);
    if (repo === 'alias-bomb') expect(error.message).toMatch(/alias/);
  });

  it('renders ecommerce-infra with the npm binary too', async () => {
    const info = await probeKustomize((await findNpmKustomize())!, process.env);
    const repoDir = join(PROJECT_FIXTURES, 'ecommerce-infra');
    const overlay = fixtureOverlay('apps/payments-service/overlays/production', repoDir);
    const [result] = await renderOverlays([overlay], createRenderer(info!), { repoDir });
    expect(result).not.toBeInstanceOf(RenderError);
    expect((result as RenderedOverlay).resources.length).toBeGreaterThan(0);
  });
});
