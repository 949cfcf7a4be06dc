import { dirname, isAbsolute, join } from 'node:path';
import type { KustomizationChain } from '../types.js';
import type { ChainWalk } from '../chain/walk-chain.js';
import { usesHelmCharts } from '../render/helm-charts.js';
import { configInputs } from './config-inputs.js';
import type { FileStates } from './file-state.js';

/**
 * Every path whose change can change an overlay's render: each file the chain reads (resources,
 * patches, components, generator inputs, transformer configs, bases outside the service folder,
 * and paths Kustomize looked for and found absent), the files the generator and transformer
 * configs name in turn (see config-inputs.ts), every file beside each kustomization, and the
 * directories holding them, whose listings tell when a second kustomization file or a new input
 * appears. Absolute, sorted, unique.
 */
export function chainInputPaths(walk: ChainWalk, chain: KustomizationChain, repoDir: string, files: FileStates): string[] {
  const paths = new Set<string>(configInputs(walk, repoDir).paths);
  for (const input of chain.inputs) {
    const path = isAbsolute(input) ? input : join(repoDir, input);
    paths.add(path);
    paths.add(dirname(path));
  }
  for (const node of walk.nodes) {
    paths.add(node.dir);
    for (const file of files.filesIn(node.dir)) paths.add(file);
  }
  return [...paths].sort();
}

/**
 * Why parity cannot key everything the render depends on (a KRM function, a plugin, a remote,
 * Helm charts), or null. A remote base is never cached, pinned or not: a commit's tree may name
 * further remotes parity cannot see without fetching. A chain with `helmCharts:` is rendered
 * afresh too: its output depends on the helm binary, which the cache key does not hold.
 */
export function opaqueReason(walk: ChainWalk, chain: KustomizationChain, repoDir: string): string | null {
  if (chain.remotes.length > 0) return `it reads a remote resource (${chain.remotes[0]})`;
  if (usesHelmCharts(walk)) return 'it inflates Helm charts (helmCharts:)';
  return configInputs(walk, repoDir).opaque;
}
