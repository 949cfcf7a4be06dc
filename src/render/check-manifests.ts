import { readFile } from 'node:fs/promises';
import { parseYamlDocuments } from '../yaml/parse-yaml.js';
import { displayPath, type ChainWalk } from './walk-chain.js';

/**
 * Parses every manifest of the chain (resources, patches, transformer configs) before
 * Kustomize sees it: an alias bomb would make Kustomize grow for minutes or silently empty
 * fields, and malformed YAML is reported here with the repo path and line. Throws ConfigError.
 */
export async function checkManifests(walk: ChainWalk, repoDir: string): Promise<void> {
  for (const path of walk.manifests) {
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text !== null) parseYamlDocuments(text, displayPath(path, repoDir));
  }
}
