import { ParityError, RenderError } from '../errors.js';
import type { K8sObject, RenderedOverlay } from '../types.js';
import { createBatchWorkspace, splitBySlot } from './batch-workspace.js';
import { takeBuildMetadata } from './build-metadata.js';
import { parseRenderedYaml } from '../yaml/parse-rendered.js';
import { resolveOrigins } from './resource-origins.js';
import type { ChainWalk } from '../chain/walk-chain.js';

export type OriginFields = Pick<RenderedOverlay, 'resources' | 'origins' | 'originsUnavailable'>;

/**
 * One overlay's resources as rendered through the build-metadata wrapper: the annotations
 * taken off (always), and each resource's origin beside it — or, when Kustomize left an object
 * without them, the reason the overlay's names are compared as rendered.
 */
export async function withOrigins(resources: K8sObject[], walk: ChainWalk, rootDir: string, repoDir: string): Promise<OriginFields> {
  const raw = takeBuildMetadata(resources);
  if (!raw) return { resources, originsUnavailable: 'Kustomize left an object without its origin annotation' };
  return { resources, origins: await resolveOrigins(resources, raw, { rootDir, repoDir, walk }) };
}

/**
 * Renders one overlay through a one-slot wrapper that asks for build metadata. Null when
 * Kustomize fails that way (some inputs cannot carry it): the caller renders plainly then. A
 * render that ran out of time or output is no such failure: it is thrown, never run twice.
 */
export async function renderWithOrigins(
  prepared: { overlay: { dir: string }; walk: ChainWalk },
  render: (dir: string) => Promise<string>,
  repoDir: string,
): Promise<OriginFields | null> {
  // No temporary directory to wrap it in: the plain render needs none.
  const workspace = await createBatchWorkspace([prepared.overlay.dir]).catch((error: unknown) => {
    if (error instanceof ParityError) return null;
    throw error;
  });
  if (!workspace) return null;
  try {
    const output = await render(workspace.dir).catch((error: unknown) => {
      if (isExhausted(error)) throw error;
      if (error instanceof ParityError) return null;
      throw error;
    });
    if (output === null) return null;
    const split = splitOutput(output, workspace.dir);
    // Nothing, or nothing readable: the plain render names what is wrong, against the overlay.
    if (!split?.[0]?.length) return null;
    return await withOrigins(split[0], prepared.walk, workspace.dir, repoDir);
  } finally {
    await workspace.remove();
  }
}

function splitOutput(output: string, dir: string): K8sObject[][] | null {
  try {
    return splitBySlot(parseRenderedYaml(output, 'kustomize output with build metadata', dir), 1);
  } catch (error) {
    if (error instanceof ParityError) return null;
    throw error;
  }
}

/** A render stopped by its bounds (the timeout, the output limit) rather than by Kustomize. */
export function isExhausted(error: unknown): error is RenderError {
  return error instanceof RenderError && (error.timedOut || error.message.startsWith('render output too large'));
}
