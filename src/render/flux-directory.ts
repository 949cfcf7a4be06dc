import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The file names Kustomize recognises as a kustomization. */
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** What Flux's kustomize-controller would put in the kustomization it generates for a directory. */
export interface FluxDirectory {
  /** YAML files (`*.yaml`, `*.yml`) outside any nested kustomization, in walk order. */
  files: string[];
  /** Subdirectories holding a kustomization: included as kustomizations, not descended into. */
  kustomizations: string[];
}

/**
 * Walks a directory without a kustomization the way Flux's generator does: depth first in name
 * order, `.git` skipped; a subdirectory holding a kustomization file is one kustomization
 * resource and is not descended into; every other YAML file is a candidate manifest.
 */
export async function scanFluxDirectory(dir: string): Promise<FluxDirectory> {
  const found: FluxDirectory = { files: [], kustomizations: [] };
  await walk(dir, found);
  return found;
}

async function walk(dir: string, found: FluxDirectory): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== '.git') await walkSubdirectory(path, found);
    else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) found.files.push(path);
  }
}

async function walkSubdirectory(dir: string, found: FluxDirectory): Promise<void> {
  const names = await readdir(dir);
  if (KUSTOMIZATION_FILES.some((name) => names.includes(name))) found.kustomizations.push(dir);
  else await walk(dir, found);
}
