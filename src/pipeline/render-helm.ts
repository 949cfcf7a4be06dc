import { isAbsolute, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import pLimit from 'p-limit';
import { availableParallelism } from 'node:os';
import { sha256 } from '../util/hash.js';
import type { RenderStore } from '../cache/render-cache.js';
import { RenderError } from '../errors.js';
import { inHelmSession, type HelmSession } from '../helm/helm-session.js';
import { DEFAULT_KUBE_VERSION } from '../helm/helm-template.js';
import { renderHelmEnvironment, type HelmOverlay, type HelmRenderOptions } from '../helm/render-environment.js';
import type { RenderResult } from '../render/batch-render.js';
import { redactValueAt } from '../secrets/index.js';
import type { Overlay } from '../types.js';

export interface HelmRenderRun extends HelmRenderOptions {
  concurrency?: number;
  onRendered?: (overlay: Overlay) => void;
}

/**
 * Helm environments through the render cache: a render is served when every chart file,
 * values file, the inline values and parameters, the helm binary and the flags are as when it
 * was stored; the rest run `helm template` side by side (a bounded pool) and are stored unless
 * they hold a credential. A remote chart is never cached (its content is not in the
 * repository). In input order.
 */
/** A run's options once its helm session is open: every render of it shares the session. */
type SessionRun = HelmRenderRun & { session: HelmSession };

export async function renderHelmCached(overlays: HelmOverlay[], store: RenderStore | null, options: HelmRenderRun): Promise<RenderResult[]> {
  if (overlays.length === 0) return [];
  const limit = pLimit(Math.max(1, options.concurrency ?? availableParallelism()));
  return inHelmSession(options.session, async (session) => {
    const run: SessionRun = { ...options, session };
    const results = await Promise.all(overlays.map((overlay) => limit(() => renderOne(overlay, store, run))));
    // The index remembers each environment's inputs as stated: the next run finds it without hashing.
    store?.flush();
    return results;
  });
}

async function renderOne(overlay: HelmOverlay, store: RenderStore | null, options: SessionRun): Promise<RenderResult> {
  const result = await cachedOrRendered(overlay, store, options).catch((error: unknown) => {
    if (error instanceof RenderError) return error;
    throw error;
  });
  options.onRendered?.(overlay);
  return result;
}

async function cachedOrRendered(overlay: HelmOverlay, store: RenderStore | null, options: SessionRun): Promise<RenderResult> {
  const entry = store && cacheable(overlay) ? cacheEntryOf(overlay, options) : null;
  const hit = entry ? store!.lookup(entry) : null;
  if (hit) {
    store!.served(overlay, entry!);
    return { ...hit, overlay, helm: options.helm };
  }
  const key = entry ? await keyOf(entry, overlay, store!, options) : null;
  const known = key ? store!.read(key.key, entry!) : null;
  if (known) {
    store!.remember(entry!, key!.key, key!.states);
    store!.served(overlay, entry!);
    return { ...known, overlay, helm: options.helm };
  }
  const rendered = await renderHelmEnvironment(overlay, options);
  if (key && store!.write(key.key, rendered)) {
    store!.remember(entry!, key.key, key.states);
    store!.served(overlay, entry!);
  }
  return rendered;
}

/**
 * The overlay the cache files this render under: the chart directory is shared by every
 * environment, so the entry is named by a digest of everything that is not a file (release,
 * namespace, values files in order, inline values, parameters, helm and flags).
 */
function cacheEntryOf(overlay: HelmOverlay, options: HelmRenderRun): Overlay {
  const { chartRelDir, releaseName, namespace, valuesFiles, values, parameters } = overlay.helm;
  const flags = { kubeVersion: options.kubeVersion ?? DEFAULT_KUBE_VERSION, apiVersions: options.apiVersions ?? [] };
  const helm = { path: options.helm.path, version: options.helm.version };
  const digest = sha256(JSON.stringify({ chartRelDir, releaseName, namespace: namespace ?? null, valuesFiles, values: values ?? null, parameters: parameters ?? [], flags, helm }));
  return { service: overlay.service, env: overlay.env, dir: overlay.dir, relDir: `helm:${chartRelDir}#${digest.slice(0, 32)}` };
}

async function keyOf(entry: Overlay, overlay: HelmOverlay, store: RenderStore, options: SessionRun) {
  const files = await options.session.files(overlay.helm.chartDir, options.repoDir).catch(() => null);
  // An unreadable chart is rendered (and fails there, naming it); it is not cached.
  if (!files) return null;
  const paths = [...files, ...overlay.helm.valuesFiles].map((file) => (isAbsolute(file) ? file : join(options.repoDir, file)));
  try {
    return store.keyOf(entry, paths);
  } catch (error) {
    // A values file that does not exist cannot be stated: the render names it.
    if (typeof (error as NodeJS.ErrnoException).code === 'string') return null;
    throw error;
  }
}

/** Remote charts are not cached, nor environments whose inline values or parameters hold a credential. */
function cacheable(overlay: HelmOverlay): boolean {
  const { remote, values, parameters } = overlay.helm;
  if (remote) return false;
  const inline = { values: values ?? null, parameters: Object.fromEntries((parameters ?? []).map((p) => [p.name, p.value])) };
  return isDeepStrictEqual(redactValueAt('', [], inline), inline);
}
