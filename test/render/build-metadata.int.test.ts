import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.js';
import { ORIGIN_ANNOTATION, TRANSFORMATIONS_ANNOTATION } from '../../src/render/build-metadata.js';
import { renderOverlaysBatched } from '../../src/render/batch-render.js';
import { createRenderer, renderOverlays } from '../../src/render/index.js';
import { deriveOrigins, needsBuildMetadata } from '../../src/render/derive-origins.js';
import { createPredictContext } from '../../src/render/predict-ids.js';
import { readChainWalk } from '../../src/chain/read-chain.js';
import { parseRenderedYaml } from '../../src/yaml/parse-rendered.js';
import type { Overlay, RenderedOverlay, Renderer } from '../../src/types.js';
import { availableRenderers, kustomizationDirs } from './helpers.js';

/**
 * Rendering through the build-metadata wrapper changes nothing but the two annotations parity
 * takes off again: every overlay of fixtures/ (with Kustomize v5 and v4) and every
 * kustomization of ../shared/corpus/ renders, stripped, to exactly the objects (key order
 * included) a plain `kustomize build` of it prints — or fails where the plain render fails.
 * Each overlay is rendered once per way and Kustomize version, for every test that reads it.
 */
const FIXTURES = resolve(import.meta.dirname, '../../fixtures');
const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus');
const renderers = await availableRenderers();


/** The alias bomb and the remote base are refused before Kustomize runs. */
const REFUSED = ['broken/alias-bomb', 'broken/remote-base'];

/** Every kustomization under `repoDir`; with `overlaysOnly`, those of an `overlays/<env>` or `envs/<env>` folder. */
async function overlaysUnder(repoDir: string, overlaysOnly: boolean): Promise<Overlay[]> {
  const dirs = (await kustomizationDirs(repoDir)).filter((dir) => !overlaysOnly || /(overlays|envs)\/[^/]+$/.test(dir));
  return dirs
    .map((dir, index) => ({ service: `s${index}`, env: 'e', dir, relDir: relative(repoDir, dir).split('\\').join('/') }))
    .filter((overlay) => !REFUSED.some((prefix) => relative(FIXTURES, overlay.dir).startsWith(prefix)));
}

/** A plain render's output (no wrapper, no build metadata), parsed the way parity parses Kustomize's output. */
function parsePlain(output: string, overlay: Overlay): string {
  return JSON.stringify(parseRenderedYaml(output, 'plain', overlay.relDir));
}

/** A plain render (no wrapper, no build metadata), parsed; null where Kustomize fails. */
async function plain(renderer: Renderer, overlay: Overlay): Promise<string | null> {
  try {
    return parsePlain(await renderer.render(overlay.dir), overlay);
  } catch (error) {
    if (error instanceof RenderError) return null;
    throw error;
  }
}

/** A renderer that keeps what each run printed, by directory: a run on an overlay's own directory is a plain render of it. */
function recording(renderer: Renderer): Renderer & { printed: Map<string, string> } {
  const printed = new Map<string, string>();
  return {
    info: renderer.info,
    printed,
    async render(dir, options) {
      const output = await renderer.render(dir, options);
      printed.set(dir, output);
      return output;
    },
  };
}

/** Every overlay rendered three ways: with build metadata, as parity renders by default (origins from the chain walk where it can tell them), and plainly. */
interface ThreeWays {
  overlays: Overlay[];
  traced: Array<RenderedOverlay | RenderError>;
  derived: Array<RenderedOverlay | RenderError>;
  plains: Array<string | null>;
}

/** The plain render an overlay is held to, when not its own: see `reference` below. */
type PlainOf = (overlay: Overlay) => string | null | undefined;

interface Ways {
  /** With build metadata and the default way each in one batched call (a few Kustomize processes; batch-render.int.test.ts holds batches to overlay-alone renders), or overlay by overlay. */
  batched: boolean;
  /** The plain render an overlay is held to, when not its own. */
  plainOf?: PlainOf;
  /** Which overlays to render; default all. */
  only?: (overlay: Overlay) => boolean;
}

/**
 * Renders every overlay with build metadata and the default way, and plainly: an overlay's
 * plain render is what the default way printed where it ran Kustomize on the overlay itself,
 * else `plainOf` it, else a `kustomize build` of its own.
 */
async function renderThreeWays(repoDir: string, renderer: Renderer, overlaysOnly: boolean, ways: Ways): Promise<ThreeWays> {
  const overlays = (await overlaysUnder(repoDir, overlaysOnly)).filter(ways.only ?? (() => true));
  const plainOf = ways.plainOf ?? (() => undefined);
  const recorder = recording(renderer);
  const render = (options: { buildMetadata?: 'always' }) =>
    ways.batched
      ? renderOverlaysBatched(overlays, recorder, { repoDir, concurrency: 2, maxBatch: 200, ...options })
      : renderOverlays(overlays, recorder, { repoDir, concurrency: 2, ...options });
  const traced = await render({ buildMetadata: 'always' });
  recorder.printed.clear();
  const derived = await render({});
  const limit = pLimit(2);
  const plains = await Promise.all(
    overlays.map((overlay) => {
      const printed = recorder.printed.get(overlay.dir);
      if (printed !== undefined) return parsePlain(printed, overlay);
      const given = plainOf(overlay);
      return given === undefined ? limit(() => plain(renderer, overlay)) : given;
    }),
  );
  return { overlays, traced, derived, plains };
}

/** Rendering with build metadata leaves every overlay as a plain render prints it, or fails where that fails. */
function compareAll({ overlays, traced, plains }: ThreeWays): RenderedOverlay[] {
  expect(overlays.length).toBeGreaterThan(0);
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
async function compareDerived({ overlays, traced, derived }: ThreeWays, repoDir: string): Promise<number> {
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

/** Renders once, on first use, for every test that reads it. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

/**
 * The first (newest) Kustomize renders every fixture overlay, in batches. An older one renders
 * the overlays of a few fixture repositories overlay by overlay (in batches Kustomize v4 fails
 * on some generators' wrappers, and halving those batches costs more than rendering alone), and
 * is held to the newest one's plain renders: fixtures-render.int.test.ts proves every fixture
 * overlay prints the same with Kustomize v4 and v5 (or fails with both), so a difference here
 * is still a failure.
 */
const OLDER_REPOS = ['broken', 'build-metadata', 'cross-env', 'ecommerce-infra', 'layered-overlays', 'layouts', 'side-by-side-names'];
const reference = once(() => renderThreeWays(FIXTURES, createRenderer(renderers[0]!), true, { batched: true }));

async function rendersWith(renderer: Renderer, index: number): Promise<ThreeWays> {
  if (index === 0) return reference();
  const { overlays, plains } = await reference();
  const byDir = new Map(overlays.map((overlay, at) => [overlay.dir, plains[at]!]));
  const only = (overlay: Overlay): boolean => OLDER_REPOS.includes(overlay.relDir.split('/')[0]!);
  return renderThreeWays(FIXTURES, renderer, true, { batched: false, only, plainOf: (overlay) => byDir.get(overlay.dir) });
}

/** More overlays than these derive their origins, and have origins at all: [newest Kustomize, older ones]. */
const DERIVED = [80, 28];
const WITH_ORIGINS = [40, 30];

describe.each(renderers.map((info, index) => [`${info.name} ${info.version}`, info, index] as const))('build metadata with %s', (_, info, index) => {
  const renderer = createRenderer(info);
  const renders = once(() => rendersWith(renderer, index));
  const least = Math.min(index, 1);

  it('is asked for only where the chain walk cannot tell origins; elsewhere the walk tells the same', async () => {
    expect(await compareDerived(await renders(), FIXTURES)).toBeGreaterThan(DERIVED[least]!);
  }, 600_000);

  it('leaves every fixture overlay exactly as a plain render prints it, with an origin for each object', async () => {
    const rendered = compareAll(await renders());
    expect(annotated(rendered)).toEqual([]);
    // Only overlays that must render at their own root go without origins here.
    const without = rendered.filter((overlay) => !overlay.origins).map((overlay) => `${overlay.overlay.relDir}: ${overlay.originsUnavailable}`);
    expect(without.every((line) => line.endsWith('without build metadata'))).toBe(true);
    expect(rendered.filter((overlay) => overlay.origins).length).toBeGreaterThan(WITH_ORIGINS[least]!);
  }, 600_000);
});

// The corpus ships with CI; only a checkout without it skips this.
describe.skipIf(!existsSync(CORPUS))('build metadata on ../shared/corpus', () => {
  it('leaves every kustomization exactly as a plain render prints it', async () => {
    const renderer = createRenderer(renderers[0]!);
    for (const name of (await readdir(CORPUS, { withFileTypes: true })).filter((entry) => entry.isDirectory())) {
      const repoDir = join(CORPUS, name.name);
      const renders = await renderThreeWays(repoDir, renderer, false, { batched: true });
      const rendered = compareAll(renders);
      expect(rendered.length, name.name).toBeGreaterThan(0);
      await compareDerived(renders, repoDir);
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
