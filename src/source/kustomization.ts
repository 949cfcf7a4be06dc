import { posix } from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { Kustomization } from '../chain/kustomization-file.js';
import type { FileCache } from './file-cache.js';
import { findPair } from './walk-yaml.js';

/** A kustomization whose top level is a mapping: chain/'s model with its root map, parsed once. */
export interface MappedKustomization extends Kustomization {
  map: YAMLMap;
}

/** What turns a node's offset into a line: a kustomization, or any YAML file of the cache. */
interface Lines {
  lineAt(offset: number): number;
}

/** The repo-relative kustomization `file` as the locator reads it; null when absent, unparsable or empty. */
export function kustomizationAt(cache: FileCache, file: string): MappedKustomization | null {
  const kustomization = cache.kustomization(file);
  const map = kustomization?.document?.contents;
  return kustomization && isMap(map) ? { ...kustomization, map } : null;
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
export function keyLine(lines: Lines, map: YAMLMap, key: string): number | null {
  const pair = findPair(map, key);
  const offset = (pair?.key as Node | undefined)?.range?.[0];
  return offset === undefined ? null : lines.lineAt(offset);
}

export function nodeLine(lines: Lines, node: Node): number {
  return lines.lineAt(node.range?.[0] ?? 0);
}

/** A path written in a kustomization, repo-relative; null for remote references. */
export function resolveReference(kustomization: MappedKustomization, reference: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(reference) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(reference)) {
    return null;
  }
  if (reference.startsWith('/')) return null;
  return posix.normalize(posix.join(posix.dirname(kustomization.file), reference));
}
