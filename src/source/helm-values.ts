import { posix } from 'node:path';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { HelmSource, SourceLocation } from '../types.js';
import type { FileCache, YamlFile } from './file-cache.js';

/** One leaf of an environment's merged values: the value helm will see, and who set it. */
export interface ValuesLeaf {
  value: unknown;
  /** The file and line that set it (the declaration of inline values and parameters). */
  at: SourceLocation;
  /** True when the chart's own values.yaml set it (a default every environment shares). */
  chartDefault: boolean;
}

/** Leaves by key path (`payments.processor.url`, `hosts[0]`). */
export type ValuesLeaves = Map<string, ValuesLeaf>;

/**
 * An environment's values as helm merges them, leaf by leaf, with the line that set each: the
 * chart's values.yaml, then every values file in order, then inline values, then parameters.
 * Maps merge key by key; a list or scalar replaces what was there (lists are not merged), and a
 * `null` removes the key, as helm does. Files that cannot be read or parsed contribute nothing
 * (the render itself fails on them, naming them). Values are read from the repository's files
 * only: nothing here is printed, only key paths and positions leave this module.
 */
export function mergedValues(cache: FileCache, source: HelmSource): ValuesLeaves {
  const leaves: ValuesLeaves = new Map();
  const chartValues = posix.join(source.chartRelDir, 'values.yaml');
  if (!source.remote) mergeFile(leaves, cache, chartValues, true);
  for (const file of source.valuesFiles) mergeFile(leaves, cache, file, false);
  const declared = source.declaredIn.line ? source.declaredIn : { file: source.declaredIn.file };
  if (source.values) mergeValue(leaves, [], source.values, () => declared);
  for (const parameter of source.parameters ?? []) {
    mergeLeaf(leaves, parameterPath(parameter.name), { value: parameter.value, at: declared, chartDefault: false });
  }
  return leaves;
}

function mergeFile(leaves: ValuesLeaves, cache: FileCache, file: string, chartDefault: boolean): void {
  const yaml = cache.yaml(file);
  const document = yaml?.documents[0]?.document;
  if (!yaml || !document || !isMap(document.contents)) return;
  walkNode(document.contents, [], (path, node, value) => {
    if (value === null) {
      removeUnder(leaves, keyOf(path));
      return;
    }
    mergeLeaf(leaves, keyOf(path), { value, at: { file, line: lineOf(yaml, node) }, chartDefault });
  });
}

type Visit = (path: Array<string | number>, node: Node, value: unknown) => void;

/** Calls `visit` for every scalar, empty collection and list under `node`; lists replace. */
function walkNode(node: Node, path: Array<string | number>, visit: Visit): void {
  if (isMap(node) && node.items.length > 0) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (pair.value && typeof pair.value === 'object' && 'range' in (pair.value as object)) walkNode(pair.value as Node, [...path, key], visit);
      else visit([...path, key], (pair.key as Node) ?? node, null);
    }
    return;
  }
  if (isSeq(node)) {
    visit(path, node, []);
    node.items.forEach((item, index) => item && typeof item === 'object' && 'range' in (item as object) && walkNode(item as Node, [...path, index], visit));
    return;
  }
  visit(path, node, isScalar(node) ? node.value : isMap(node) ? {} : null);
}

/** Inline values (a plain object) merged like a file, every leaf declared at `at`. */
function mergeValue(leaves: ValuesLeaves, path: Array<string | number>, value: unknown, at: () => SourceLocation): void {
  if (value === null) return removeUnder(leaves, keyOf(path));
  if (Array.isArray(value)) {
    mergeLeaf(leaves, keyOf(path), { value: [], at: at(), chartDefault: false });
    value.forEach((item, index) => mergeValue(leaves, [...path, index], item, at));
    return;
  }
  if (typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [key, item] of Object.entries(value)) mergeValue(leaves, [...path, key], item, at);
    return;
  }
  mergeLeaf(leaves, keyOf(path), { value, at: at(), chartDefault: false });
}

/** A leaf replaces the key and everything under it (a list or scalar over a map, or the reverse). */
function mergeLeaf(leaves: ValuesLeaves, key: string, leaf: ValuesLeaf): void {
  removeUnder(leaves, key);
  removeAbove(leaves, key);
  leaves.set(key, leaf);
}

function removeUnder(leaves: ValuesLeaves, key: string): void {
  for (const existing of [...leaves.keys()]) {
    if (existing === key || existing.startsWith(`${key}.`) || existing.startsWith(`${key}[`)) leaves.delete(existing);
  }
}

/** A leaf set at `a.b.c` replaces a scalar (or empty collection) that sat at `a` or `a.b`. */
function removeAbove(leaves: ValuesLeaves, key: string): void {
  for (let end = key.search(/[.[][^.[]*$/); end > 0; end = key.slice(0, end).search(/[.[][^.[]*$/)) {
    const parent = key.slice(0, end);
    const existing = leaves.get(parent);
    if (existing && !Array.isArray(existing.value)) leaves.delete(parent);
  }
}

function keyOf(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((key, part) => (typeof part === 'number' ? `${key}[${part}]` : key === '' ? part : `${key}.${part}`), '');
}

/** A `--set` name (`a.b[0].c`, `a\.b`) as a key path. */
function parameterPath(name: string): string {
  return name.replace(/\\\./g, '\u0000').split('.').map((part) => part.replaceAll('\u0000', '.')).join('.');
}

function lineOf(yaml: YamlFile, node: Node): number {
  return yaml.lineAt(node.range?.[0] ?? 0);
}

/**
 * The keys whose merged values differ between two environments, in key order: set in one only,
 * or set to different values. A key whose every setting comes from the chart's values.yaml in
 * both is the same default and never differs.
 */
export function differingKeys(a: ValuesLeaves, b: ValuesLeaves): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((key) => !sameValue(a.get(key)?.value, b.get(key)?.value)).sort();
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return true;
  return a === b || (a !== undefined && b !== undefined && scalarText(a) === scalarText(b));
}

/** How a values leaf reads when helm prints it into a manifest (`3`, `true`, `https://…`). */
export function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
