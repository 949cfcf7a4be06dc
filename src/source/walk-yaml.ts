import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import { isItemSegment } from '../diff/path.js';

/** How far a path reached into a YAML node, and the offset of the deepest node reached. */
export interface WalkResult {
  depth: number;
  offset: number;
}

/**
 * Follows canonical path segments through a YAML node tree (map keys; list items by
 * `[key=value]` or `[n]`) as deep as they go. Aliases are resolved, never expanded.
 */
export function walkYaml(root: Node, segments: readonly string[], document: Document.Parsed): WalkResult {
  let node: Node | null = resolve(root, document);
  let result: WalkResult = { depth: 0, offset: root.range?.[0] ?? 0 };
  for (const segment of segments) {
    const step = node ? stepInto(node, segment, document) : null;
    if (!step) break;
    result = { depth: result.depth + 1, offset: step.offset };
    node = step.node;
  }
  return result;
}

interface Step {
  node: Node | null;
  offset: number;
}

function stepInto(node: Node, segment: string, document: Document.Parsed): Step | null {
  if (isItemSegment(segment)) return stepIntoItem(node, segment, document);
  if (!isMap(node)) return null;
  const pair = findPair(node, segment);
  if (!pair) return null;
  const key = pair.key as Node;
  const value = pair.value ? resolve(pair.value as Node, document) : null;
  return { node: value, offset: key.range?.[0] ?? 0 };
}

function stepIntoItem(node: Node, segment: string, document: Document.Parsed): Step | null {
  if (!isSeq(node)) return null;
  const items = node.items.map((item) => resolve(item as Node, document));
  const index = /^\[(\d+)\]$/.exec(segment);
  const found = index ? items[Number(index[1])] : items.find((item) => itemMatches(item, segment, document));
  if (!found) return null;
  return { node: found, offset: found.range?.[0] ?? 0 };
}

function itemMatches(item: Node | null, segment: string, document: Document.Parsed): boolean {
  if (!item || !isMap(item)) return false;
  return parseItemKeys(segment).every(([key, wanted]) => scalarText(item, key, document) === wanted);
}

/** The text of a scalar value under `key` in a map, or null. */
export function scalarText(map: YAMLMap, key: string, document?: Document.Parsed): string | null {
  const pair = findPair(map, key);
  if (!pair?.value) return null;
  const value = document ? resolve(pair.value as Node, document) : (pair.value as Node);
  return value && isScalar(value) && value.value !== null ? String(value.value) : null;
}

export function findPair(map: YAMLMap, key: string) {
  return map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
}

function resolve(node: Node, document: Document.Parsed): Node | null {
  if (!isAlias(node)) return node;
  return (node.resolve(document) as Node | undefined) ?? null;
}

/** `[name=app]` → [["name","app"]]; `[containerPort=53,protocol=UDP]` → two pairs; quoted values unquoted. */
export function parseItemKeys(segment: string): Array<[string, string]> {
  const body = segment.slice(1, -1);
  const pairs: Array<[string, string]> = [];
  let i = 0;
  while (i < body.length) {
    const equals = body.indexOf('=', i);
    if (equals < 0) break;
    const key = body.slice(i, equals);
    const { value, end } = readKeyValue(body, equals + 1);
    pairs.push([key, value]);
    i = end + 1;
  }
  return pairs;
}

function readKeyValue(body: string, start: number): { value: string; end: number } {
  if (body[start] !== '"') {
    const comma = body.indexOf(',', start);
    const end = comma < 0 ? body.length : comma;
    return { value: body.slice(start, end), end };
  }
  let i = start + 1;
  while (i < body.length && body[i] !== '"') i += body[i] === '\\' ? 2 : 1;
  return { value: JSON.parse(body.slice(start, i + 1)) as string, end: i + 1 };
}
