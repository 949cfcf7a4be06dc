import { readFile } from 'node:fs/promises';
import type { K8sObject } from '../types.js';
import { listYamlFiles } from './list-files.js';
import { parseRenderedYaml } from './parse-rendered.js';
import { displayPath } from './walk-chain.js';

/**
 * The objects of a directory of plain YAML manifests (no kustomization): `helm template`
 * output and the like. Files are read in path order; each may hold several documents.
 */
export async function readPreRendered(dir: string, repoDir: string, overlay: string): Promise<K8sObject[]> {
  const resources: K8sObject[] = [];
  for (const file of await listYamlFiles(dir)) {
    resources.push(...parseRenderedYaml(await readFile(file, 'utf8'), displayPath(file, repoDir), overlay));
  }
  return resources;
}
