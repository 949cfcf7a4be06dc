import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.js';
import { ORIGIN_ANNOTATION, TRANSFORMATIONS_ANNOTATION } from '../../src/render/build-metadata.js';
import { createRenderer, renderOverlays } from '../../src/render/index.js';
import { deriveOrigins, needsBuildMetadata } from '../../src/render/derive-origins.js';
import { createPredictContext } from '../../src/render/predict-ids.js';
import { readChainWalk } from '../../src/render/read-chain.js';
import { KUSTOMIZATION_NAMES } from '../../src/render/kustomization-file.js';
import { parseRenderedYaml } from '../../src/render/parse-rendered.js';
import type { Overlay, RenderedOverlay, Renderer } from '../../src/types.js';
import { availableRenderers } from './helpers.js';

/**
 * Rendering through the build-metadata wrapper changes nothing but the two annotations parity
 * takes off again: every overlay of fixtures/ (with Kustomize v5 and v4) and every
 * kustomization of ../shared/corpus/ renders, stripped, to exactly the objects (key order
 * included) a plain `kustomize build` of it prints — or fails where the plain render fails.
 */
const FIXTURES = resolve(import.meta.dirname, '../../fixtures');
const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus');
const renderers = await availableRenderers();

async function kustomizationDirs(root: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(root, { withFileTypes: true });
  if (entries.some((entry) => entry.isFile() && KUSTOMIZATION_NAMES.includes(entry.name))) found.push(root);
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name !== '.git') found.push(...(await kustomizationDirs(join(root, entry.name))));
  }
  return found;
}

/** The alias bomb and the remote base are refused before Kustomize runs. */
const REFUSED = ['broken/alias-bomb', 'broken/remote-base'];

/** Every kustomization under `repoDir`; with `overlaysOnly`, those of an `overlays/<env>` or `envs/<env>` folder. */
async function overlaysUnder(repoDir: string, overlaysOnly: boolean): Promise<Overlay[]> {
  const dirs = (await kustomizationDirs(repoDir)).filter((dir) => !overlaysOnly || /(overlays|envs)\/[^/]+$/.test(dir));
  return dirs
    .map((dir, index) => ({ service: `s${index}`, env: 'e', dir, relDir: relative(repoDir, dir).split('\\').join('/') }))
    .filter((overlay) => !REFUSED.some((prefix) => relative(FIXTURES, overlay.dir).startsWith(prefix)));
}

/** A plain render (no wrapper, no build metadata), parsed the way parity parses Kustomize's output. */
async function plain(renderer: Renderer, overlay: Overlay): Promise<string | null> {
  try {
    return JSON.stringify(parseRenderedYaml(await renderer.render(overlay.dir), 'plain', overlay.relDir));
  } catch (error) {
    if (error instanceof RenderError) return null;
    throw error;
  }
}

async function compareAll(repoDir: string, renderer: Renderer, overlaysOnly: boolean): Promise<RenderedOverlay[]> {
  const overlays = await overlaysUnder(repoDir, overlaysOnly);
  expect(overlays.length).toBeGreaterThan(0);
  const traced = await renderOverlays(overlays, renderer, { repoDir, concurrency: 2, buildMetadata: 'always' });
  const limit = pLimit(2);
  const plains = await Promise.all(overlays.map((overlay) => limit(() => plain(renderer, overlay))));
  const rendered: RenderedOverlay[] = [];
  overlays.forEach((overlay, index) => {
    const result = traced[index]!;
    if (plains[index] === null) {
      expect(result, overlay.relDir).toBeInstanceOf(RenderError);
      return;
    }
    expect(result, overlay.relDir).not.toBeInstanceOf(RenderError);
    const ok = result as RenderedOverlay;
    expect(JSON.stringify(ok.resources), overlay.relDir).toBe(plains[index]);
    expect(ok.origins?.length ?? ok.resources.length, overlay.relDir).toBe(ok.resources.length);
    rendered.push(ok);
  });
  return rendered;
}

function annotated(rendered: RenderedOverlay[]): string[] {
  return rendered.flatMap((overlay) =>
    overlay.resources
      .filter((object) => {
        const annotations = object.metadata.annotations ?? {};
        return ORIGIN_ANNOTATION in annotations || TRANSFORMATIONS_ANNOTATION in annotations;
      })
      .map((object) => `${overlay.overlay.relDir} ${object.kind}/${object.metadata.name}`),
  );
}

/**
 * Overlays whose chain renames nothing render without build metadata and take their origins
 * from the chain walk (render/derive-origins.ts): each must equal what the annotations say.
 */
async function compareDerived(repoDir: string, renderer: Renderer, overlaysOnly: boolean): Promise<number> {
  const overlays = await overlaysUnder(repoDir, overlaysOnly);
  const [traced, derived] = [
    await renderOverlays(overlays, renderer, { repoDir, concurrency: 2, buildMetadata: 'always' }),
    await renderOverlays(overlays, renderer, { repoDir, concurrency: 2 }),
  ];
  // A chain parity refuses to read (a broken fixture) fails both renders alike, checked below.
  const walks = await Promise.all(overlays.map((overlay) => readChainWalk(overlay.dir, repoDir).catch(() => null)));
  const ctx = createPredictContext();
  let count = 0;
  for (const [index, overlay] of overlays.entries()) {
    const [fromMetadata, fromWalk] = [traced[index]!, derived[index]!];
    if (fromMetadata instanceof RenderError || fromWalk instanceof RenderError) {
      expect(fromWalk instanceof RenderError, overlay.relDir).toBe(fromMetadata instanceof RenderError);
      continue;
    }
    expect(JSON.stringify(fromWalk.resources), overlay.relDir).toBe(JSON.stringify(fromMetadata.resources));
    expect(fromWalk.origins, overlay.relDir).toEqual(fromMetadata.origins);
    const walk = walks[index];
    if (!walk || needsBuildMetadata(walk) || !fromMetadata.origins) continue;
    const own = await deriveOrigins(fromMetadata.resources, walk, repoDir, ctx);
    if (own === null) continue;
    expect(own, overlay.relDir).toEqual(fromMetadata.origins);
    count += 1;
  }
  return count;
}

describe.each(renderers.map((info) => [`${info.name} ${info.version}`, info] as const))('build metadata with %s', (_, info) => {
  const renderer = createRenderer(info);

  it('is asked for only where the chain walk cannot tell origins; elsewhere the walk tells the same', async () => {
    expect(await compareDerived(FIXTURES, renderer, true)).toBeGreaterThan(80);
  }, 600_000);

  it('leaves every fixture overlay exactly as a plain render prints it, with an origin for each object', async () => {
    const rendered = await compareAll(FIXTURES, renderer, true);
    expect(annotated(rendered)).toEqual([]);
    // Only overlays that must render at their own root go without origins here.
    const without = rendered.filter((overlay) => !overlay.origins).map((overlay) => `${overlay.overlay.relDir}: ${overlay.originsUnavailable}`);
    expect(without.every((line) => line.endsWith('without build metadata'))).toBe(true);
    expect(rendered.filter((overlay) => overlay.origins).length).toBeGreaterThan(40);
  }, 600_000);
});

// The corpus ships with CI; only a checkout without it skips this.
describe.skipIf(!existsSync(CORPUS))('build metadata on ../shared/corpus', () => {
  it('leaves every kustomization exactly as a plain render prints it', async () => {
    const renderer = createRenderer(renderers[0]!);
    for (const name of (await readdir(CORPUS, { withFileTypes: true })).filter((entry) => entry.isDirectory())) {
      const rendered = await compareAll(join(CORPUS, name.name), renderer, false);
      expect(rendered.length, name.name).toBeGreaterThan(0);
      await compareDerived(join(CORPUS, name.name), renderer, false);
      expect(annotated(rendered), name.name).toEqual([]);
    }
  }, 600_000);
});

describe('build metadata that Kustomize cannot add', () => {
  it('renders the overlay plainly, identical, and says why it has no origins', async () => {
    const real = createRenderer(renderers[0]!);
    // Kustomize failing on the wrapper only (as v4 does with some generators): the plain render still works.
    const refusing: Renderer = {
      info: real.info,
      render: (dir, options) =>
        dir.includes('parity-batch-') ? Promise.reject(new RenderError('kustomize failed', { overlay: dir })) : real.render(dir, options),
    };
    const repoDir = join(FIXTURES, 'build-metadata');
    const relDir = 'apps/prefixed/overlays/production';
    const overlay: Overlay = { service: 'prefixed', env: 'production', dir: join(repoDir, relDir), relDir };
    const [result] = await renderOverlays([overlay], refusing, { repoDir });
    expect(result).not.toBeInstanceOf(RenderError);
    const rendered = result as RenderedOverlay;
    expect(rendered.origins).toBeUndefined();
    expect(rendered.originsUnavailable).toBe('Kustomize could not render it with build metadata');
    expect(JSON.stringify(rendered.resources)).toBe(await plain(real, overlay));
  });
});
