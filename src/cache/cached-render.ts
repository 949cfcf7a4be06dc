import { prepareOverlays, renderPrepared, type BatchRenderOptions, type Preparation, type RenderResult } from '../render/batch-render.js';
import { isPrepared } from '../render/render-overlays.js';
import type { Overlay, RenderedOverlay, Renderer } from '../types.js';
import { chainInputPaths, opaqueReason } from './chain-inputs.js';
import { readable, type RenderStore } from './render-cache.js';

/**
 * Renders overlays through the cache: an overlay whose inputs stat as recorded is served
 * without reading its chain; the others are read, keyed by content and served when the key is
 * known; only the rest reach Kustomize (in batches) and are stored. In input order.
 */
export async function renderCached(
  overlays: Overlay[],
  renderer: Renderer,
  cache: RenderStore,
  options: BatchRenderOptions,
): Promise<RenderResult[]> {
  const results = new Map<Overlay, RenderResult>();
  const served = (overlay: Overlay, result: RenderResult): void => {
    results.set(overlay, result);
    options.onRendered?.(overlay);
  };
  for (const overlay of overlays) {
    const hit = cache.lookup(overlay);
    if (hit) served(overlay, hit);
  }
  const missing = overlays.filter((overlay) => !results.has(overlay));
  const prepared = await prepareOverlays(missing, options);
  const keys = prepared.map((item, index) => keyOf(item, cache, options.repoDir) ?? forget(cache, missing[index]!));
  const toRender: Overlay[] = [];
  missing.forEach((overlay, index) => {
    const key = keys[index];
    const known = key ? cache.read(key.key, overlay) : null;
    if (known) served(overlay, known);
    else toRender.push(overlay);
    if (known && key) cache.remember(overlay, key.key, key.states);
  });
  const rendered = await renderPrepared(toRender, toRender.map((overlay) => prepared[missing.indexOf(overlay)]!), renderer, options);
  toRender.forEach((overlay, index) => {
    const result = rendered[index]!;
    const key = keys[missing.indexOf(overlay)];
    if (key && !(result instanceof Error)) store(cache, overlay, result, key);
    results.set(overlay, result);
  });
  cache.flush();
  return overlays.map((overlay) => results.get(overlay)!);
}

/** The key of a prepared overlay; none when it failed to prepare or reads what parity cannot know (see opaqueReason). */
function keyOf(item: Preparation, cache: RenderStore, repoDir: string) {
  if (!isPrepared(item) || opaqueReason(item.walk, item.chain, repoDir) !== null) return null;
  return readable(() => cache.keyOf(item.overlay, chainInputPaths(item.walk, item.chain, repoDir, cache.files))) || null;
}

function forget(cache: RenderStore, overlay: Overlay): null {
  cache.forget(overlay);
  return null;
}

/** Stores a render; only a stored one is remembered (and gives its service a candidates key). */
function store(cache: RenderStore, overlay: Overlay, result: RenderedOverlay, key: { key: string; states: Parameters<RenderStore['remember']>[2] }): void {
  if (cache.write(key.key, result)) cache.remember(overlay, key.key, key.states);
  else cache.forget(overlay);
}
