import { performance } from 'node:perf_hooks';
import { createServiceCache, type ServiceCandidateCache } from '../cache/service-cache.js';
import type { KustomizationsRead } from '../chain/kustomization-file.js';
import type { Overlay, RenderedOverlay, Renderer, ResultError } from '../types.js';
import type { AuditOptions } from './plan.js';
import { renderThroughCache } from './render-through-cache.js';
import { toResultError } from './result-error.js';


export interface RenderOutcome {
  rendered: Map<string, RenderedOverlay>;
  errors: ResultError[];
  /** Set when renders came through the cache: per-service candidates can be cached too. */
  candidateCache?: (context: unknown) => ServiceCandidateCache;
  /** The cache's hit counters (live: candidates are counted as the comparison reads them). */
  hits?: { renders: number; candidates: number };
  /** The kustomizations the renders read, for the source locator to reuse (each parsed once per run). */
  kustomizations?: KustomizationsRead;
}

export async function renderAll(overlays: Overlay[], renderer: Renderer, options: AuditOptions): Promise<RenderOutcome> {
  const started = performance.now();
  const outcome = await renderAllOnce(overlays, renderer, options);
  options.onPhase?.({
    phase: 'render',
    ms: performance.now() - started,
    overlays: overlays.length,
    errors: outcome.errors.length,
    cachedRenders: outcome.hits?.renders ?? null,
  });
  return outcome;
}

async function renderAllOnce(overlays: Overlay[], renderer: Renderer, options: AuditOptions): Promise<RenderOutcome> {
  const { results, cache, kustomizations } = await renderThroughCache(overlays, renderer, options);
  const rendered = new Map<string, RenderedOverlay>();
  const errors: ResultError[] = [];
  results.forEach((result, index) => {
    const overlay = overlays[index]!;
    if (result instanceof Error) errors.push(toResultError(result, overlay));
    else rendered.set(overlayKey(overlay), result);
  });
  return { rendered, errors, kustomizations, ...(cache ? { candidateCache: (context: unknown) => createServiceCache(cache, context), hits: cache.hits } : {}) };
}

export function overlayKey(overlay: { service: string; env: string }): string {
  return `${overlay.service}\u0000${overlay.env}`;
}
