import { resolve } from 'node:path';
import { repoBounds, requireInside } from '../util/repo-bounds.js';
import { ConfigError } from '../errors.js';
import type { KustomizationChain } from '../types.js';
import { isDirectory, type KustomizationsRead } from './kustomization-file.js';
import { listYamlFiles } from './list-files.js';
import { chainImages, chainNamespace } from './summarize-chain.js';
import { displayPath, walkChain, type ChainWalk } from './walk-chain.js';

/**
 * What an overlay's kustomization chain applies and reads. A directory without a
 * kustomization yields an empty chain whose inputs are its YAML files (pre-rendered manifests).
 * Malformed YAML is a ConfigError with file and line.
 */
export async function readKustomizationChain(overlayDir: string, repoDir: string): Promise<KustomizationChain> {
  return summarizeWalk(await walkOverlay(overlayDir, repoDir), repoDir, overlayDir);
}

/**
 * The walk behind readKustomizationChain, for callers that render or hash the chain: every path
 * it references must really be inside the repository or one of `allowRoots` (ConfigError otherwise).
 */
export async function readChainWalk(
  overlayDir: string,
  repoDir: string,
  allowRoots?: readonly string[],
  read?: KustomizationsRead,
): Promise<ChainWalk> {
  return walkOverlay(overlayDir, repoDir, await repoBounds(repoDir, allowRoots), read);
}

async function walkOverlay(
  overlayDir: string,
  repoDir: string,
  bounds?: Awaited<ReturnType<typeof repoBounds>>,
  read?: KustomizationsRead,
): Promise<ChainWalk> {
  const dir = resolve(overlayDir);
  if (!(await isDirectory(dir))) {
    throw new ConfigError('overlay directory does not exist', { file: displayPath(dir, repoDir) });
  }
  const real = bounds ? await requireInside(bounds, dir, 'overlay directory', { file: displayPath(dir, repoDir) }) : dir;
  return walkChain(real, repoDir, bounds, read);
}

export async function summarizeWalk(walk: ChainWalk, repoDir: string, overlayDir: string): Promise<KustomizationChain> {
  const root = walk.root;
  if (!root) {
    const inputs = (await listYamlFiles(resolve(overlayDir))).map((file) => displayPath(file, repoDir));
    return { files: [], images: [], inputs, remotes: [] };
  }
  const namespace = chainNamespace(root);
  return {
    files: walk.nodes.map((node) => node.file),
    ...(namespace !== undefined ? { namespace } : {}),
    images: chainImages(root),
    inputs: walk.inputs,
    remotes: walk.remotes.map((remote) => remote.url),
  };
}
