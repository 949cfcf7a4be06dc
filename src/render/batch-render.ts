import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { ParityError, RenderError } from '../errors.js';
import type { K8sObject, Overlay, RenderedOverlay, Renderer } from '../types.js';
import { createBatchWorkspace, splitBySlot } from './batch-workspace.js';
import { DEFAULT_TIMEOUT_MS } from '../util/run-bounded.js';
import { batchSizeFor, groupBatches, isBatchable, type BatchCandidate } from './group-batches.js';
import { parseRenderedYaml } from '../yaml/parse-rendered.js';
import { createPredictContext, predictIds } from './predict-ids.js';
import { deriveOrigins } from './derive-origins.js';
import type { ChainWalk } from '../chain/walk-chain.js';
import { withOrigins, type OriginFields } from './with-origins.js';
import {
  isPrepared,
  wantsMetadata,
  prepareOverlay,
  renderPreparedAlone,
  type PreparedOverlay,
  type RenderOptions,
} from './render-overlays.js';

export interface BatchRenderOptions extends RenderOptions {
  /** Most overlays in one Kustomize process; default 80. 1 renders every overlay alone. */
  maxBatch?: number;
  /** Called once per overlay as soon as its render (or its error) is known. */
  onRendered?: (overlay: Overlay) => void;
}

export type RenderResult = RenderedOverlay | RenderError;

const DEFAULT_MAX_BATCH = 80;

/**
 * Renders overlays with as few Kustomize processes as possible: overlays whose predicted
 * resource ids are disjoint share one process (each through a wrapper that tags its
 * resources), and every resource is handed back to its overlay exactly as a render of that
 * overlay alone would print it. A failing batch is split in halves until the failure is
 * one overlay's own, rendered alone so its own error is reported and the others still render;
 * a batch that timed out is retried once, overlay by overlay, under one more timeout.
 */
export async function renderOverlaysBatched(
  overlays: Overlay[],
  renderer: Renderer,
  options: BatchRenderOptions,
): Promise<RenderResult[]> {
  return renderPrepared(overlays, await prepareOverlays(overlays, { renderer, ...options }), renderer, options);
}

export type Preparation = PreparedOverlay | RenderResult;

/** Reads and checks every overlay's chain (bounded pool), in input order. */
export async function prepareOverlays(overlays: Overlay[], options: BatchRenderOptions): Promise<Preparation[]> {
  const limit = pLimit(workersOf(options));
  const shared = { ...options, checkedManifests: options.checkedManifests ?? new Set<string>(), kustomizations: options.kustomizations ?? new Map() };
  return Promise.all(overlays.map((overlay) => limit(() => prepareOverlay(overlay, shared))));
}

/**
 * Renders prepared overlays (`prepared[i]` belongs to `overlays[i]`) in batches; pre-rendered
 * overlays and preparation errors pass through. In input order.
 */
export async function renderPrepared(
  overlays: Overlay[],
  prepared: Preparation[],
  renderer: Renderer,
  options: BatchRenderOptions,
): Promise<RenderResult[]> {
  const workers = workersOf(options);
  const limit = pLimit(workers);
  const results = new Map<Overlay, RenderResult>();
  const settle = (overlay: Overlay, result: RenderResult): void => {
    results.set(overlay, result);
    options.onRendered?.(overlay);
  };
  prepared.forEach((outcome, index) => {
    if (!isPrepared(outcome)) settle(overlays[index]!, outcome);
  });
  const shared = { ...options, parsedFiles: options.parsedFiles ?? createPredictContext() };
  const batches = await planBatches(prepared.filter(isPrepared), workers, shared);
  await Promise.all(batches.map((batch) => limit(() => renderGroup(batch, renderer, shared, settle))));
  return overlays.map((overlay) => results.get(overlay)!);
}

function workersOf(options: BatchRenderOptions): number {
  return Math.max(1, options.concurrency ?? availableParallelism());
}

/**
 * Singletons for overlays that must render alone, disjoint-id batches for the rest: those that
 * need Kustomize's build metadata apart from those whose origins the chain walk tells (the
 * root of a batch asks for it for all its members or for none).
 */
async function planBatches(ready: PreparedOverlay[], workers: number, options: BatchRenderOptions): Promise<PreparedOverlay[][]> {
  const alone = ready.filter((prepared) => !isBatchable(prepared));
  const ctx = options.parsedFiles ?? createPredictContext();
  const candidates: BatchCandidate[] = await Promise.all(
    ready.filter(isBatchable).map(async (prepared) => ({ prepared, ids: await predictIds(prepared.walk, ctx) })),
  );
  const size = batchSizeFor(candidates.length, workers, options.maxBatch ?? DEFAULT_MAX_BATCH);
  const traced = candidates.filter(({ prepared }) => wantsMetadata(prepared, options));
  const derived = candidates.filter(({ prepared }) => !wantsMetadata(prepared, options));
  return [...alone.map((prepared) => [prepared]), ...groupBatches(traced, size), ...groupBatches(derived, size)];
}

type Settle = (overlay: Overlay, result: RenderResult) => void;

async function renderGroup(group: PreparedOverlay[], renderer: Renderer, options: RenderOptions, settle: Settle): Promise<void> {
  const [only, ...others] = group;
  if (only && others.length === 0) {
    settle(only.overlay, await renderPreparedAlone(only, renderer, options));
    return;
  }
  const outcome = await renderBatch(group, renderer, options);
  if (outcome === 'timed-out') return retryAlone(group, renderer, options, settle);
  if (outcome !== 'failed') {
    // A member whose origins the walk could not tell after all renders again, with build metadata.
    const always = { ...options, buildMetadata: 'always' as const };
    await Promise.all(
      group.map(async (prepared, slot) => {
        const fields = outcome[slot];
        const { overlay, chain } = prepared;
        settle(overlay, fields ? { overlay, chain, preRendered: false, ...fields } : await renderPreparedAlone(prepared, renderer, always));
      }),
    );
    return;
  }
  const middle = Math.ceil(group.length / 2);
  await renderGroup(group.slice(0, middle), renderer, options, settle);
  await renderGroup(group.slice(middle), renderer, options, settle);
}

/**
 * A batch that timed out is not split (every half would wait for the full timeout again):
 * each of its overlays renders alone once, all of them within one more timeout. An overlay
 * the deadline leaves no time for is reported as timed out without running.
 */
async function retryAlone(group: PreparedOverlay[], renderer: Renderer, options: RenderOptions, settle: Settle): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  for (const prepared of group) {
    const left = deadline - Date.now();
    if (left <= 0) settle(prepared.overlay, outOfTime(prepared.overlay, timeoutMs));
    else settle(prepared.overlay, await renderPreparedAlone(prepared, renderer, { ...options, timeoutMs: left }));
  }
}

function outOfTime(overlay: Overlay, timeoutMs: number): RenderError {
  const message = `Kustomize did not finish rendering ${overlay.relDir}: its batch took longer than ${timeoutMs / 1000}s and the retry ran out of time`;
  return new RenderError(message, { overlay: overlay.relDir, timedOut: true });
}

/**
 * One Kustomize process for the whole group: each overlay's resources with their origins (null
 * for a member whose origins the chain walk cannot tell), or how the batch failed.
 */
async function renderBatch(
  group: PreparedOverlay[],
  renderer: Renderer,
  options: RenderOptions,
): Promise<Array<OriginFields | null> | 'timed-out' | 'failed'> {
  const [first] = group;
  if (!first) return [];
  const buildMetadata = wantsMetadata(first, options);
  const workspace = await createBatchWorkspace(group.map((prepared) => prepared.overlay.dir), { buildMetadata }).catch(noWorkspace);
  if (!workspace) return 'failed';
  try {
    const output = await renderer.render(workspace.dir, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    const split = splitBySlot(parseRenderedYaml(output, 'kustomize output of a batch', workspace.dir), group.length);
    const members = group.map(({ walk }, slot) => ({ walk, resources: split?.[slot] }));
    // An overlay with no object in the batch is rendered alone, which names what is wrong.
    if (!members.every(hasObjects)) return 'failed';
    const dir = workspace.dir;
    if (buildMetadata) return await Promise.all(members.map(({ resources, walk }) => withOrigins(resources, walk, dir, options.repoDir)));
    const ctx = options.parsedFiles ?? createPredictContext();
    return await Promise.all(
      members.map(async ({ resources, walk }) => {
        const origins = await deriveOrigins(resources, walk, options.repoDir, ctx);
        return origins ? { resources, origins } : null;
      }),
    );
  } catch (error) {
    // Only a render failure of the shared process (Kustomize failed, timed out, printed too much
    // or something unreadable) is retried per overlay, which reports its own error; anything
    // else is a bug and propagates.
    if (!(error instanceof RenderError)) throw error;
    return error.timedOut ? 'timed-out' : 'failed';
  } finally {
    await workspace.remove();
  }
}

interface BatchMember {
  walk: ChainWalk;
  resources: K8sObject[] | undefined;
}

/** Whether the batch printed at least one object for this member. */
function hasObjects(member: BatchMember): member is BatchMember & { resources: K8sObject[] } {
  return member.resources !== undefined && member.resources.length > 0;
}

/** No batch workspace could be made (ParityError: no temporary directory): the overlays render alone. */
function noWorkspace(error: unknown): null {
  if (error instanceof ParityError) return null;
  throw error;
}
