import { availableParallelism } from 'node:os';
import { resolve, sep } from 'node:path';
import pLimit from 'p-limit';
import { ParityError, RenderError } from '../errors.js';
import type { KustomizationChain, Overlay, RenderedOverlay, Renderer, RendererInfo } from '../types.js';
import { checkManifests } from './check-manifests.js';
import { collectSecretValues } from './collect-secrets.js';
import { DEFAULT_TIMEOUT_MS } from '../util/run-bounded.js';
import { overlaySecretValues } from './overlay-secrets.js';
import { parseRenderedYaml } from '../yaml/parse-rendered.js';
import { readChainWalk, summarizeWalk } from '../chain/read-chain.js';
import { readPreRendered, type RenderDirectory } from './read-pre-rendered.js';
import { scrubSecrets } from '../secrets/scrub-secrets.js';
import { isBatchable } from './group-batches.js';
import { isExhausted, renderWithOrigins } from './with-origins.js';
import { deriveOrigins, needsBuildMetadata } from './derive-origins.js';
import { createPredictContext, type PredictContext } from './predict-ids.js';
import type { ChainWalk } from '../chain/walk-chain.js';
import type { KustomizationsRead } from '../chain/kustomization-file.js';
import { prepareHelm } from './prepare-helm.js';
import type { HelmLocator } from '../helm/helm-locator.js';

export interface RenderOptions {
  repoDir: string;
  /** Renders running at once; default: the machine's available parallelism. */
  concurrency?: number;
  /** Per render; default 60 s. */
  timeoutMs?: number;
  /** Let Kustomize fetch remote resources (git/HTTP bases, charts not vendored). Off by default: such overlays fail fast. */
  allowRemote?: boolean;
  /** The helm for chains that use `helmCharts:`, found once per run; absent: such a chain is an error naming what to install. */
  helm?: HelmLocator;
  /** Manifests already checked in this run (shared bases are parsed once). */
  checkedManifests?: Set<string>;
  /** Renders the nested kustomizations of a plain-YAML directory (Flux's `flux-system/`). */
  renderer?: Renderer;
  /** Directories outside the repository the chain may read from (`--allow-root`). */
  allowRoots?: string[];
  /**
   * When Kustomize is asked for build metadata: only for overlays whose origins the chain walk
   * cannot tell (default, see derive-origins.ts), or for every overlay.
   */
  buildMetadata?: 'as-needed' | 'always';
  /** Resource files already parsed in this run (shared bases are read once). */
  parsedFiles?: PredictContext;
  /** Kustomizations already read in this run (a shared base is parsed once; the source locator reuses them). */
  kustomizations?: KustomizationsRead;
}

/**
 * Renders every overlay with a bounded pool. The result has one entry per overlay, in input
 * order: the rendered resources, or the RenderError that stopped it (a failed render is
 * never a pass). Remote resources fail fast unless allowed.
 */
export async function renderOverlays(
  overlays: Overlay[],
  renderer: Renderer,
  options: RenderOptions,
): Promise<Array<RenderedOverlay | RenderError>> {
  const limit = pLimit(Math.max(1, options.concurrency ?? availableParallelism()));
  const withRenderer = { ...options, renderer };
  return Promise.all(overlays.map((overlay) => limit(() => renderOne(overlay, renderer, withRenderer))));
}

async function renderOne(overlay: Overlay, renderer: Renderer, options: RenderOptions): Promise<RenderedOverlay | RenderError> {
  const prepared = await prepareOverlay(overlay, options);
  if (!isPrepared(prepared)) return prepared;
  return renderPreparedAlone(prepared, renderer, options);
}

/** An overlay whose chain has been read and checked, ready for Kustomize. */
export interface PreparedOverlay {
  overlay: Overlay;
  walk: ChainWalk;
  chain: KustomizationChain;
  /** The helm Kustomize inflates the chain's `helmCharts:` with (absent: the chain has none). */
  helm?: RendererInfo;
}

export function isPrepared(value: PreparedOverlay | RenderedOverlay | RenderError): value is PreparedOverlay {
  return !(value instanceof Error) && 'walk' in value;
}

/**
 * Reads and checks an overlay's chain before Kustomize runs: a pre-rendered directory is read
 * right away (RenderedOverlay), a remote or malformed chain fails here (RenderError).
 */
export async function prepareOverlay(
  overlay: Overlay,
  options: RenderOptions,
): Promise<PreparedOverlay | RenderedOverlay | RenderError> {
  try {
    const walk = await readChainWalk(overlay.dir, options.repoDir, options.allowRoots, options.kustomizations);
    const chain = await summarizeWalk(walk, options.repoDir, overlay.dir);
    if (!walk.root) return await renderPreRendered(overlay, chain, options);
    if (!options.allowRemote) refuseRemotes(walk, overlay);
    const helm = await prepareHelm(walk, overlay.relDir, options);
    await checkManifests(walk, options.repoDir, options.checkedManifests);
    return { overlay, walk, chain, ...(helm ? { helm } : {}) };
  } catch (error) {
    return asRenderError(error, overlay);
  }
}

/**
 * One prepared overlay alone: the reference every batch is held to. An overlay whose origins
 * the chain walk tells renders plainly (see derive-origins.ts); any other renders through a
 * wrapper that asks for build metadata; an overlay that must render at its own root, or that
 * Kustomize cannot render that way, renders plainly and says why it has no origins.
 */
export async function renderPreparedAlone(
  prepared: PreparedOverlay,
  renderer: Renderer,
  options: RenderOptions,
): Promise<RenderedOverlay | RenderError> {
  const { overlay, chain } = prepared;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    const batchable = isBatchable(prepared);
    if (batchable && !wantsMetadata(prepared, options)) {
      const resources = await runKustomize(prepared, renderer, options);
      const origins = await deriveOrigins(resources, prepared.walk, options.repoDir, options.parsedFiles ?? createPredictContext());
      if (origins) return { overlay, chain, preRendered: false, resources, origins };
    }
    const traced = batchable ? await renderWithOrigins(prepared, (dir) => renderer.render(dir, { timeoutMs }), options.repoDir) : null;
    if (traced) return { overlay, chain, preRendered: false, ...traced };
    const resources = await runKustomize(prepared, renderer, options);
    const helm = prepared.helm ? { helm: prepared.helm } : {};
    return { overlay, chain, preRendered: false, resources, originsUnavailable: batchable ? NO_METADATA : OWN_ROOT, ...helm };
  } catch (error) {
    return asRenderError(isExhausted(error) ? ownExhausted(error, overlay) : error, overlay);
  }
}

/** Whether Kustomize is asked for build metadata for this overlay. */
export function wantsMetadata(prepared: PreparedOverlay, options: RenderOptions): boolean {
  return options.buildMetadata === 'always' || needsBuildMetadata(prepared.walk);
}

/** A bound the wrapper's render hit, told of the overlay (not of the temporary wrapper). */
function ownExhausted(error: RenderError, overlay: Overlay): RenderError {
  const message = error.message.replace(/ rendering .*?(?=; it was stopped$|$)/, ` rendering ${overlay.relDir}`);
  return new RenderError(message, { overlay: overlay.relDir, exitCode: null, timedOut: error.timedOut });
}

const NO_METADATA = 'Kustomize could not render it with build metadata';
const OWN_ROOT = 'it renders at its own root (sortOptions, buildMetadata, helmCharts or a Component), without build metadata';

/** A known error of this overlay as a RenderError, its message scrubbed like Kustomize's. */
async function asRenderError(error: unknown, overlay: Overlay): Promise<RenderError> {
  if (error instanceof RenderError && error.overlay === overlay.relDir) return error;
  if (!(error instanceof ParityError)) throw error;
  const message = scrubSecrets(error.message, await overlaySecretValues(overlay.dir));
  return new RenderError(message, { overlay: overlay.relDir, ...location(error) });
}

async function renderPreRendered(overlay: Overlay, chain: KustomizationChain, options: RenderOptions): Promise<RenderedOverlay> {
  if (chain.inputs.length === 0) {
    throw new RenderError(`${overlay.relDir} holds neither a kustomization nor YAML manifests`, { overlay: overlay.relDir });
  }
  const resources = await readPreRendered(overlay.dir, options.repoDir, overlay.relDir, nestedRenderer(overlay, options));
  return { overlay, chain, preRendered: true, resources };
}

/** Kustomize for the nested kustomizations of a plain-YAML overlay, its errors named like the overlay's own. */
function nestedRenderer(overlay: Overlay, options: RenderOptions): RenderDirectory | undefined {
  const renderer = options.renderer;
  if (!renderer) return undefined;
  return async (dir) => {
    try {
      return await renderer.render(dir, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    } catch (error) {
      if (!(error instanceof RenderError)) throw error;
      throw relabel(error, overlay, options.repoDir, await overlaySecretValues(dir));
    }
  };
}

function refuseRemotes(walk: ChainWalk, overlay: Overlay): void {
  const remote = walk.remotes[0];
  if (!remote) return;
  throw new RenderError(
    `remote resource ${remote.url} cannot be fetched offline; vendor it into the repository or pass --allow-remote (overlay ${overlay.relDir})`,
    { overlay: overlay.relDir, file: remote.file, line: remote.line },
  );
}

async function runKustomize(prepared: PreparedOverlay, renderer: Renderer, options: RenderOptions) {
  const { overlay, chain, helm } = prepared;
  try {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const output = await renderer.render(overlay.dir, { timeoutMs, ...(helm ? { helmCommand: helm.path } : {}) });
    const resources = parseRenderedYaml(output, `kustomize output of ${overlay.relDir}`, overlay.relDir);
    // Empty output is judged with the service's other environments (an overlay that renders
    // nothing is a blocking finding; a service whose every overlay does is an error).
    if (resources.length === 0 && output.trim() !== '') throw printedNothing(overlay);
    return resources;
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    throw relabel(error, overlay, options.repoDir, await collectSecretValues(chain, options.repoDir));
  }
}

/** Output that holds no object at all (only separators or comments) is a broken renderer. */
function printedNothing(overlay: Overlay): RenderError {
  return new RenderError(`the renderer exited 0 but printed no Kubernetes object for ${overlay.relDir}`, { overlay: overlay.relDir });
}

/** The renderer's error, naming paths relative to the repo and scrubbed once more with the chain's secrets. */
function relabel(error: RenderError, overlay: Overlay, repoDir: string, secrets: string[]): RenderError {
  const relative = error.message.split(overlay.dir).join(overlay.relDir).split(`${resolve(repoDir)}${sep}`).join('');
  const message = scrubSecrets(relative, secrets);
  return new RenderError(message, {
    overlay: overlay.relDir,
    exitCode: error.exitCode,
    stderr: scrubSecrets(error.stderr, secrets),
    timedOut: error.timedOut,
    ...location(error),
  });
}

function location(error: ParityError): { file?: string; line?: number } {
  return { ...(error.file !== undefined ? { file: error.file } : {}), ...(error.line !== undefined ? { line: error.line } : {}) };
}
