import { ParityError } from '../errors.js';
import type { K8sObject, RenderedOverlay } from '../types.js';
import { createBatchWorkspace, splitBySlot } from './batch-workspace.js';
import { takeBuildMetadata } from './build-metadata.js';
import { parseRenderedYaml } from './parse-rendered.js';
import { resolveOrigins } from './resource-origins.js';
import type { ChainWalk } from './walk-chain.js';

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
 * Kustomize fails that way (some inputs cannot carry it): the caller renders plainly then.
 */
export async function renderWithOrigins(
  prepared: { overlay: { dir: string }; walk: ChainWalk },
  render: (dir: string) => Promise<string>,
  repoDir: string,
): Promise<OriginFields | null> {
  const workspace = await createBatchWorkspace([prepared.overlay.dir]);
  try {
    const output = await render(workspace.dir).catch((error: unknown) => {
      if (error instanceof ParityError) return null;
      throw error;
    });
    if (output === null) return null;
    const split = splitBySlot(parseRenderedYaml(output, 'kustomize output with build metadata', workspace.dir), 1);
    return split && (await withOrigins(split[0]!, prepared.walk, workspace.dir, repoDir));
  } finally {
    await workspace.remove();
  }
}
