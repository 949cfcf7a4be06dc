import { renderCached } from '../cache/cached-render.js';
import { resolveCacheDir } from '../util/cache-dir.js';
import { openRenderCache, type RenderCache, type RenderStore } from '../cache/render-cache.js';
import { renderOverlaysBatched, type BatchRenderOptions, type RenderResult } from '../render/batch-render.js';
import { createHelmLocator, type HelmLocator } from '../helm/helm-locator.js';
import { isHelmOverlay } from '../helm/render-environment.js';
import type { KustomizationsRead } from '../chain/kustomization-file.js';
import type { Overlay, Renderer } from '../types.js';
import type { AuditOptions } from './plan.js';
import { renderHelmCached } from './render-helm.js';

export interface CachedRenders {
  /** One per overlay, in input order: its render, or the error that stopped it. */
  results: RenderResult[];
  /** The cache the renders went through; null when it is off (`noCache`) or unusable. */
  cache: RenderCache | null;
  /** The kustomizations the chain walks read (none for overlays the cache served unread). */
  kustomizations: KustomizationsRead;
}

/**
 * The one render path of every command that renders (audit, gate, promote, render, rollback):
 * overlays batched into as few Kustomize processes as possible, through the render cache
 * unless it is off. The cache stores nothing that holds a credential (see cacheable.ts) and
 * writes its index back before this returns.
 */
export async function renderThroughCache(overlays: Overlay[], renderer: Renderer, options: AuditOptions): Promise<CachedRenders> {
  return renderAt(overlays, renderer, options, null);
}

/**
 * The overlays of a private copy of the repository at `root` (a render after an edit: the
 * gate's post-bump target, a rollback's target), through the same path. The copy's renders are
 * keyed by the copy's content alone (see RenderCache.forCopy): the same edit of unchanged files
 * is served from the cache, any other content renders.
 */
export async function renderCopies(overlays: Overlay[], root: string, renderer: Renderer, options: AuditOptions): Promise<RenderResult[]> {
  return (await renderAt(overlays, renderer, options, root)).results;
}

async function renderAt(overlays: Overlay[], renderer: Renderer, options: AuditOptions, copyRoot: string | null): Promise<CachedRenders> {
  const kustomizations: KustomizationsRead = new Map();
  const renderOptions = { ...batchOptionsOf(overlays, renderer, options, copyRoot), kustomizations };
  const cache = options.noCache ? null : openCache(options, renderer);
  const store = cache && copyRoot ? cache.forCopy(copyRoot) : cache;
  const charts = overlays.filter(isHelmOverlay);
  const kustomize = overlays.filter((overlay) => !isHelmOverlay(overlay));
  // helm is looked for only when an environment is a chart; a missing helm stops the run (exit 2).
  const helm = charts.length ? await helmLocatorOf(options)() : null;
  const [fromCharts, fromKustomize] = await Promise.all([
    helm ? renderHelmCached(charts, store, { ...renderOptions, helm, ...helmRenderFlags(options) }) : [],
    renderKustomize(kustomize, renderer, store, renderOptions),
  ]);
  const results = new Map<Overlay, RenderResult>();
  charts.forEach((overlay, index) => results.set(overlay, fromCharts[index]!));
  kustomize.forEach((overlay, index) => results.set(overlay, fromKustomize[index]!));
  return { results: overlays.map((overlay) => results.get(overlay)!), cache, kustomizations };
}

function batchOptionsOf(overlays: Overlay[], renderer: Renderer, options: AuditOptions, copyRoot: string | null): BatchRenderOptions {
  return {
    repoDir: copyRoot ?? options.repoDir,
    renderer,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.allowRoots?.length ? { allowRoots: options.allowRoots } : {}),
    ...(options.onProgress ? { onRendered: progressOf(options.onProgress, overlays) } : {}),
    ...kustomizeHelmOptions(options),
  };
}

async function renderKustomize(overlays: Overlay[], renderer: Renderer, store: RenderStore | null, options: BatchRenderOptions): Promise<RenderResult[]> {
  if (overlays.length === 0) return [];
  return store ? renderCached(overlays, renderer, store, options) : renderOverlaysBatched(overlays, renderer, options);
}

function helmRenderFlags(options: AuditOptions): { allowRemote?: boolean; kubeVersion?: string; apiVersions?: string[] } {
  return {
    ...(options.allowRemote ? { allowRemote: true } : {}),
    ...(options.kubeVersion ? { kubeVersion: options.kubeVersion } : {}),
    ...(options.apiVersions?.length ? { apiVersions: options.apiVersions } : {}),
  };
}


/** Counts services whose every overlay has rendered (or failed). */
function progressOf(report: (rendered: number, total: number) => void, overlays: Overlay[]): (overlay: Overlay) => void {
  const pending = new Map<string, number>();
  for (const overlay of overlays) pending.set(overlay.service, (pending.get(overlay.service) ?? 0) + 1);
  const total = pending.size;
  let done = 0;
  return (overlay) => {
    const left = (pending.get(overlay.service) ?? 1) - 1;
    pending.set(overlay.service, left);
    if (left === 0) done += 1;
    report(done, total);
  };
}

function openCache(options: AuditOptions, renderer: Renderer): RenderCache | null {
  return openRenderCache(options.cacheDir ?? resolveCacheDir(), options.repoDir, renderer, options.onWarning ?? (() => {}));
}

/** One helm locator per run's options: every render of the run (the gate's copies too) probes helm at most once. */
const locators = new WeakMap<AuditOptions, HelmLocator>();

/**
 * What Kustomize's `helmCharts:` and remote bases need: the helm (`--helm` → PARITY_HELM →
 * PATH, looked for only when a chain uses `helmCharts:`) and whether the network may be used.
 */
function kustomizeHelmOptions(options: AuditOptions): Pick<BatchRenderOptions, 'helm' | 'allowRemote'> {
  return { helm: helmLocatorOf(options), ...(options.allowRemote ? { allowRemote: true } : {}) };
}

/** The run's helm, for Helm environments and `helmCharts:` alike: the one the caller gave, else one per options object. */
function helmLocatorOf(options: AuditOptions): HelmLocator {
  if (options.helmLocator) return options.helmLocator;
  let helm = locators.get(options);
  if (!helm) {
    helm = createHelmLocator({ ...(options.helm ? { helm: options.helm } : {}), env: process.env });
    locators.set(options, helm);
  }
  return helm;
}
