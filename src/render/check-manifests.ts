import { readFile } from 'node:fs/promises';
import { parseYamlDocuments } from '../yaml/parse-yaml.js';
import { displayPath, type ChainWalk } from '../chain/walk-chain.js';

/**
 * Parses every manifest of the chain (resources, patches, transformer configs) before
 * Kustomize sees it: an alias bomb would make Kustomize grow for minutes or silently empty
 * fields, and malformed YAML is reported here with the repo path and line. Throws ConfigError.
 */
export async function checkManifests(walk: ChainWalk, repoDir: string, checked?: Set<string>): Promise<void> {
  for (const path of walk.manifests) {
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) continue;
    // A base shared by several overlays is parsed once per run (same bytes, same verdict).
    const seen = checked ? `${path}\u0000${text.length}\u0000${text}` : '';
    if (checked?.has(seen)) continue;
    parseYamlDocuments(text, displayPath(path, repoDir));
    checked?.add(seen);
  }
}
