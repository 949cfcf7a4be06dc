import { readFile } from 'node:fs/promises';
import { RenderError } from '../errors.js';
import type { K8sObject } from '../types.js';
import { parseYamlDocuments } from '../yaml/parse-yaml.js';
import { scanFluxDirectory } from './flux-directory.js';
import { parseRenderedYaml } from '../yaml/parse-rendered.js';
import { displayPath } from '../chain/walk-chain.js';

/** Renders one nested kustomization directory with the real Kustomize, to its YAML output. */
export type RenderDirectory = (dir: string) => Promise<string>;

/**
 * The objects of a directory without a kustomization, read as Flux's kustomize-controller
 * reads it (`helm template` output, or Flux's `clusters/<env>/`): every YAML file holding
 * Kubernetes objects, each document in path order, plus the render of every subdirectory
 * holding a kustomization (`flux-system/`), by the real Kustomize. YAML that holds no
 * Kubernetes object (a kustomization, a values or SOPS config file) is no manifest and is
 * skipped; a file mixing objects and other documents is an error.
 */
export async function readPreRendered(dir: string, repoDir: string, overlay: string, render?: RenderDirectory): Promise<K8sObject[]> {
  const scanned = await scanFluxDirectory(dir);
  const resources: K8sObject[] = [];
  for (const file of scanned.files) {
    const text = await readFile(file, 'utf8');
    const source = displayPath(file, repoDir);
    if (holdsManifests(text, source, overlay)) resources.push(...parseRenderedYaml(text, source, overlay));
  }
  for (const nested of scanned.kustomizations) {
    const source = displayPath(nested, repoDir);
    if (!render) throw new RenderError(`${source} is a kustomization inside a plain-YAML directory and no renderer was given for it`, { overlay, file: source });
    resources.push(...parseRenderedYaml(await render(nested), `kustomize output of ${source}`, overlay));
  }
  if (resources.length === 0 && scanned.kustomizations.length === 0) {
    throw new RenderError(`${overlay} holds YAML but no Kubernetes manifests`, { overlay });
  }
  return resources;
}

/** Whether any document of a YAML text is a Kubernetes object (not a Kustomize config). */
function holdsManifests(text: string, source: string, overlay: string): boolean {
  const toError = (message: string, location: { file: string; line?: number }) => new RenderError(message, { overlay, ...location });
  return parseYamlDocuments(text, source, toError).some((doc) => isManifestLike(doc.value));
}

function isManifestLike(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { apiVersion, kind } = value as Record<string, unknown>;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return false;
  return !apiVersion.startsWith('kustomize.config.k8s.io/');
}
