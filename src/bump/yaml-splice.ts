import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * Text edits at node ranges of a parsed YAML document. Splicing the source text, instead of
 * re-printing the document, keeps every byte the edit does not touch: comments, spacing,
 * quoting, flow or block style and the trailing newline.
 */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

export type AnyPair = Pair<unknown, unknown>;

/** Applies non-overlapping splices, last first so earlier offsets stay valid. */
export function applySplices(text: string, splices: Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

export function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Offset just past the newline ending the line that holds `offset` (or the text length). */
export function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

export function spaces(count: number): string {
  return ' '.repeat(Math.max(0, count));
}

/** A scalar in the given style; a plain scalar that would not read back as this string is double-quoted. */
export function formatScalar(value: string, style?: Scalar.Type): string {
  if (style === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  if (style === 'QUOTE_DOUBLE' || !isPlainSafe(value)) return JSON.stringify(value);
  return value;
}

function isPlainSafe(value: string): boolean {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_./:@+-]*$/.test(value) || /:$/.test(value)) return false;
  return (['1.1', '1.2'] as const).every((version) => parseDocument(value, { version }).contents?.toJSON() === value);
}

/** Where a node's content ends: after its last scalar, not after trailing comments or blank lines. */
export function contentEnd(node: Node | null | undefined): number {
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1] as AnyPair | Node;
    return isMap(node) ? contentEnd(((last as AnyPair).value ?? (last as AnyPair).key) as Node) : contentEnd(last as Node);
  }
  return node?.range?.[1] ?? 0;
}

function keyOf(pair: AnyPair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

export function findPair(map: YAMLMap<unknown, unknown>, key: string): AnyPair | undefined {
  return map.items.find((pair) => keyOf(pair) === key);
}

export function keyStart(pair: AnyPair): number {
  return (pair.key as Node).range![0];
}

/** Replaces a pair's scalar value, keeping its quoting style; null when the value is not a one-line scalar. */
export function replaceValue(pair: AnyPair, value: string): Splice | null {
  const node = pair.value as Scalar | null;
  if (!isScalar(node) || !node.range || isBlockScalar(node)) return null;
  const start = node.range[0];
  const end = node.range[1];
  const empty = start === end;
  return { start, end, text: `${empty ? ' ' : ''}${formatScalar(value, empty ? undefined : node.type)}` };
}

function isBlockScalar(node: Scalar): boolean {
  return node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL';
}

/** Removes a pair from a block or flow map. */
export function removePair(text: string, map: YAMLMap<unknown, unknown>, pair: AnyPair): Splice {
  const index = map.items.indexOf(pair);
  const next = map.items[index + 1];
  const previous = map.items[index - 1];
  const start = keyStart(pair);
  const lineStart = start - column(text, start);
  if (!map.flow && text.slice(lineStart, start).trim() === '') {
    return { start: lineStart, end: nextLineStart(text, contentEnd(pair.value as Node)), text: '' };
  }
  if (next) return { start, end: keyStart(next), text: '' };
  return { start: contentEnd((previous!.value ?? previous!.key) as Node), end: contentEnd(pair.value as Node), text: '' };
}

/** Adds `key: value` after the last pair of a map, in the map's style. */
export function insertPairs(text: string, map: YAMLMap<unknown, unknown>, pairs: Array<[string, string]>): Splice {
  const last = map.items[map.items.length - 1]!;
  const end = contentEnd((last.value ?? last.key) as Node);
  if (map.flow) {
    return { start: end, end, text: pairs.map(([k, v]) => `, ${k}: ${formatScalar(v)}`).join('') };
  }
  const indent = spaces(column(text, keyStart(map.items[0]!)));
  const at = nextLineStart(text, end);
  const lead = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return { start: at, end: at, text: lead + pairs.map(([k, v]) => `${indent}${k}: ${formatScalar(v)}\n`).join('') };
}

/** Rewrites one pair into another key and value in place (e.g. `newTag: x` → `digest: sha256:…`). */
export function rewritePair(pair: AnyPair, key: string, value: string): Splice {
  const start = keyStart(pair);
  const node = pair.value as Scalar;
  const end = node.range && node.range[1] > node.range[0] ? node.range[1] : contentEnd(pair.key as Node) + 1;
  return { start, end, text: `${key}: ${formatScalar(value, node.range && node.range[1] > node.range[0] ? node.type : undefined)}` };
}

export type { YAMLMap, YAMLSeq };
