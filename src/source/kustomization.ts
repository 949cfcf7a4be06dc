import { posix } from 'node:path';
import { isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { FileCache, YamlFile } from './file-cache.js';
import { findPair } from './walk-yaml.js';

/** A parsed kustomization file, with node positions. */
export interface Kustomization {
  /** Repo-relative path of the kustomization file. */
  file: string;
  yaml: YamlFile;
  map: YAMLMap;
  document: Document.Parsed;
}

export function loadKustomization(cache: FileCache, file: string): Kustomization | null {
  const yaml = cache.yaml(file);
  const first = yaml?.documents[0];
  if (!yaml || !first || !isMap(first.document.contents)) return null;
  return { file, yaml, map: first.document.contents, document: first.document };
}

/** The map items of a list field (`patches`, `images`, `configMapGenerator` …). */
export function mapEntries(node: Node | null | undefined): YAMLMap[] {
  return isSeq(node) ? node.items.filter((item): item is YAMLMap => isMap(item)) : [];
}

/** The scalar items of a list field (`resources`, `literals`, `envs` …). */
export function scalarEntries(node: Node | null | undefined): Scalar[] {
  return isSeq(node) ? node.items.filter((item): item is Scalar => isScalar(item)) : [];
}

export function field(map: YAMLMap, key: string): Node | null {
  return (findPair(map, key)?.value as Node | undefined) ?? null;
}

/** The line of `key:` in a map, or null when the key is absent. */
export function keyLine(yaml: YamlFile, map: YAMLMap, key: string): number | null {
  const pair = findPair(map, key);
  const offset = (pair?.key as Node | undefined)?.range?.[0];
  return offset === undefined ? null : yaml.lineAt(offset);
}

export function nodeLine(yaml: YamlFile, node: Node): number {
  return yaml.lineAt(node.range?.[0] ?? 0);
}

/** A path written in a kustomization, repo-relative; null for remote references. */
export function resolveReference(kustomization: Kustomization, reference: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(reference) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(reference)) {
    return null;
  }
  if (reference.startsWith('/')) return null;
  return posix.normalize(posix.join(posix.dirname(kustomization.file), reference));
}
