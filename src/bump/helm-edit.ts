import { isDeepStrictEqual } from 'node:util';
import { isMap, type Node } from 'yaml';
import { refuse, refuseInvalidYaml } from './refuse.js';
import { parseYaml } from '../yaml/parse-yaml.js';
import { digestKeyOf, lineOf, splitKey } from './helm-values.js';
import type { PromotionPlan } from './plan.js';
import { applySplices, column, contentEnd, findPair, formatScalar, keyStart, nextLineStart, replaceValue, spaces, type Splice, type YAMLMap } from './yaml-splice.js';

type YMap = YAMLMap<unknown, unknown>;

/** The target values file's text with every image key of the plan set to its tag (and digest, when it carries one). */
export function bumpHelmValues(text: string, plan: Pick<PromotionPlan, 'file' | 'images'>): string {
  let updated = text;
  for (const bump of plan.images) {
    if (bump.action === 'noop') continue;
    if (bump.tag !== undefined) updated = setValuesKey(updated, plan.file, bump.image, bump.tag);
    if (bump.digest !== undefined) updated = setValuesKey(updated, plan.file, digestKeyOf(bump.image), bump.digest);
  }
  return updated;
}

/**
 * Sets one values key to a string, moving only the bytes of its scalar (quoting style kept; a
 * plain scalar that would read back as a number is double-quoted). An absent key is added after
 * the last entry of its deepest existing map, missing maps created as block maps indented two
 * spaces deeper. Refuses (PromoteError naming the file and line) what cannot be done that way:
 * a value that is not a one-line scalar, a parent that is not a mapping, an empty flow map.
 */
export function setValuesKey(text: string, file: string, key: string, value: string): string {
  const crlf = text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
  if (!crlf) return setLf(text, file, key, value);
  return setLf(text.replace(/\r\n/g, '\n'), file, key, value).replace(/\n/g, '\r\n');
}

function setLf(text: string, file: string, key: string, value: string): string {
  const document = parseYaml(text, file, refuseInvalidYaml)?.document ?? null;
  const root: unknown = document?.contents ?? null;
  if (root !== null && !isMap(root)) throw refuse({ code: 'PROMOTE_NOT_A_MAPPING', args: { document: 'values file' } }, { file });
  const path = splitKey(key);
  const splice = root === null ? appendToEnd(text, path, value) : spliceIn({ text, file, key, path, value }, root);
  const updated = applySplices(text, [splice]);
  verify({ text, file, key, path, value }, updated, document?.toJS() ?? {});
  return updated;
}

interface KeyEdit {
  text: string;
  file: string;
  key: string;
  path: string[];
  value: string;
}

function spliceIn(edit: KeyEdit, root: YMap): Splice {
  let map = root;
  for (const [index, part] of edit.path.entries()) {
    const pair = findPair(map, part);
    if (!pair) return insertInto(edit, map, edit.path.slice(index));
    const at = { file: edit.file, line: lineOf(edit.text, keyStart(pair)) };
    if (index === edit.path.length - 1) {
      const splice = replaceValue(pair, edit.value);
      if (!splice) throw refuse({ code: 'PROMOTE_VALUES_NOT_ONE_LINE', args: { key: edit.key } }, at);
      return splice;
    }
    if (!isMap(pair.value)) throw refuse({ code: 'PROMOTE_VALUES_NOT_A_MAPPING', args: { parent: edit.path.slice(0, index + 1), key: edit.key } }, at);
    map = pair.value;
  }
  throw refuse({ code: 'PROMOTE_VALUES_EMPTY_KEY', args: { key: edit.key } }, { file: edit.file });
}

/** Adds the missing `rest` of the key after the last entry of `map`, in the map's style. */
function insertInto(edit: KeyEdit, map: YMap, rest: string[]): Splice {
  const last = map.items[map.items.length - 1];
  if (!last) throw refuse({ code: 'PROMOTE_VALUES_EMPTY_FLOW_MAPPING', args: { key: edit.key } }, { file: edit.file, line: lineOf(edit.text, map.range?.[0] ?? 0) });
  const end = contentEnd((last.value ?? last.key) as Node);
  if (map.flow) return { start: end, end, text: `, ${flowEntry(rest, edit.value)}` };
  const indent = column(edit.text, keyStart(map.items[0]!));
  const at = nextLineStart(edit.text, end);
  const lead = at === edit.text.length && !edit.text.endsWith('\n') ? '\n' : '';
  return { start: at, end: at, text: lead + blockLines(rest, edit.value, indent) };
}

/** An empty (or comment-only) values file: the key goes at its end. */
function appendToEnd(text: string, path: string[], value: string): Splice {
  const lead = text === '' || text.endsWith('\n') ? '' : '\n';
  return { start: text.length, end: text.length, text: lead + blockLines(path, value, 0) };
}

function blockLines(path: string[], value: string, indent: number): string {
  return path
    .map((part, index) => `${spaces(indent + 2 * index)}${formatKey(part)}:${index === path.length - 1 ? ` ${formatScalar(value)}` : ''}\n`)
    .join('');
}

function flowEntry(path: string[], value: string): string {
  const [first, ...rest] = path;
  return `${formatKey(first!)}: ${rest.length ? `{${flowEntry(rest, value)}}` : formatScalar(value)}`;
}

function formatKey(key: string): string {
  return formatScalar(key);
}

/** The edited text must read back as the original values with exactly the key set (fail closed). */
function verify(edit: KeyEdit, updated: string, before: unknown): void {
  const expected = structuredClone(before ?? {}) as Record<string, unknown>;
  let node = expected;
  for (const part of edit.path.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[edit.path.at(-1)!] = edit.value;
  const after = parseYaml(updated, edit.file, refuseInvalidYaml)?.document.toJS() ?? {};
  if (!isDeepStrictEqual(after, expected)) throw refuse({ code: 'PROMOTE_VALUES_UNSAFE_EDIT', args: { key: edit.key } }, { file: edit.file });
}
