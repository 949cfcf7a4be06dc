import { isMap, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

/** A validation problem, worded for one line of output, with the YAML line it points at. */
export interface LocatedIssue {
  message: string;
  line?: number;
}

/**
 * Turns zod issues over a parsed YAML document into readable problems with line numbers:
 * shape problems before cross-field checks, each group in file order. Paths map back to nodes with the yaml Document API.
 */
export function locateIssues(issues: readonly Issue[], document: Document, text: string, value: unknown): LocatedIssue[] {
  const lines = countLines(text);
  // Shape problems (unknown keys, wrong types) come first: cross-field checks may follow from them.
  const located = flattenIssues(issues, []).map((flat) => ({
    ...locateIssue(flat, document, lines, value),
    custom: flat.issue.code === 'custom',
  }));
  return located
    .sort((a, b) => Number(a.custom) - Number(b.custom) || (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER))
    .map(({ message, line }) => (line === undefined ? { message } : { message, line }));
}

/** The line of the value at `path` (or of its key, or its nearest parent). */
export function lineAt(document: Document, text: string, path: readonly PathKey[]): number | undefined {
  const node = findNode(document, path) ?? findKeyNode(document, path.slice(0, -1), path[path.length - 1]);
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : countLines(text).linePos(offset).line;
}

/** The line of the key at `path` (`helm:` rather than its first entry); for a list position, of the item. */
export function keyLineAt(document: Document, text: string, path: readonly PathKey[]): number | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return lineAt(document, text, path);
  const node = findKeyNode(document, path.slice(0, -1), last);
  const offset = node?.range?.[0];
  return offset === undefined ? lineAt(document, text, path) : countLines(text).linePos(offset).line;
}

/** `services[0].overlays.dev` */
export function formatKeyPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

interface FlatIssue {
  issue: Issue;
  path: PathKey[];
}

/** Unions report every branch: keep the branch whose value shape fits, so the message is specific. */
function flattenIssues(issues: readonly Issue[], prefix: PathKey[]): FlatIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ issue, path }];
    const fitting = issue.errors.filter((branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0));
    if (fitting.length !== 1) return [{ issue, path }];
    return flattenIssues(fitting[0]!, path);
  });
}

function locateIssue({ issue, path }: FlatIssue, document: Document, lines: LineCounter, value: unknown): LocatedIssue {
  const key = formatKeyPath(path);
  if (issue.code === 'unrecognized_keys') {
    const name = issue.keys[0]!;
    const where = key ? ` in '${key}'` : '';
    return withLine(`unknown key '${name}'${where}`, findKeyNode(document, path, name) ?? findNode(document, path), lines);
  }
  const node = findNode(document, path) ?? findKeyNode(document, path.slice(0, -1), path[path.length - 1]);
  return withLine(describe(issue, key, valueAt(value, path)), node, lines);
}

function describe(issue: Issue, key: string, actual: unknown): string {
  const label = key ? `'${key}'` : 'the document';
  if (issue.code === 'invalid_type') {
    if (actual === undefined) return `missing required key ${label}`;
    return `${label} must be ${article(issue.expected)}, got ${typeName(actual)}`;
  }
  if (issue.code === 'invalid_union') return `${label} has an invalid value (${typeName(actual)})`;
  return `${label}: ${issue.message}`;
}

function withLine(message: string, node: Node | null | undefined, lines: LineCounter): LocatedIssue {
  const offset = node?.range?.[0];
  return offset === undefined ? { message } : { message, line: lines.linePos(offset).line };
}

function findNode(document: Document, path: readonly PathKey[]): Node | null {
  let node: unknown = document.contents;
  for (const key of path) {
    if (isMap(node)) node = node.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === String(key))?.value;
    else if (isSeq(node) && typeof key === 'number') node = node.items[key];
    else return null;
    if (node === undefined || node === null) return null;
  }
  return node as Node;
}

function findKeyNode(document: Document, parentPath: readonly PathKey[], key: PathKey | undefined): Node | null {
  const parent = parentPath.length === 0 ? document.contents : findNode(document, parentPath);
  if (!isMap(parent) || key === undefined) return null;
  const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
  return (pair?.key as Node | undefined) ?? parent;
}

function valueAt(value: unknown, path: readonly PathKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function countLines(text: string): LineCounter {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) counter.addNewLine(i + 1);
  return counter;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const shown = JSON.stringify(value) ?? String(value);
  return `${article(typeof value)} (${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown})`;
}

function article(type: string): string {
  const names: Record<string, string> = { array: 'a list', object: 'a mapping', string: 'a string', number: 'a number', boolean: 'a boolean' };
  return names[type] ?? type;
}
