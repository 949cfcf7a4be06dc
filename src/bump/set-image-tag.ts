import { isMap, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml';
import { refuse, refuseInvalidYaml } from './refuse.js';
import { parseYaml } from '../yaml/parse-yaml.js';
import { applySplices, column, contentEnd, findPair, formatScalar, insertPairs, keyStart, nextLineStart, removePair, replaceValue, rewritePair, spaces, type AnyPair, type Splice, type YAMLMap, type YAMLSeq } from './yaml-splice.js';

export interface TagReference {
  newTag?: string;
  digest?: string;
  /**
   * Only for an entry that has to be added: the repository it pulls from, written as
   * `newName` the way `kustomize edit set image <name>=<repo>:<tag>` writes it. An existing
   * entry keeps its own `newName`.
   */
  newName?: string;
}

type YMap = YAMLMap<unknown, unknown>;
type Seq = YAMLSeq<unknown>;
const KEYS = ['newTag', 'digest'] as const;

/**
 * Sets `images[name=image]` of a kustomization to exactly `ref`: the keys given are set, a
 * `newTag`/`digest` not given is removed (as Kustomize itself replaces both). Only the bytes of
 * the changed scalars move; an absent entry is appended to `images:` (created at the end when
 * absent). A file with CRLF line ends keeps them. `file` is only used in messages.
 */
export function setImageTag(text: string, file: string, image: string, ref: TagReference): string {
  const crlf = text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
  if (!crlf) return setImageTagLf(text, file, image, ref);
  return setImageTagLf(text.replace(/\r\n/g, '\n'), file, image, ref).replace(/\n/g, '\r\n');
}

function setImageTagLf(text: string, file: string, image: string, ref: TagReference): string {
  if (ref.newTag === undefined && ref.digest === undefined) throw refuse({ code: 'PROMOTE_NOTHING_TO_SET', args: {} }, { file });
  const document = parseYaml(text, file, refuseInvalidYaml)?.document;
  const root = document?.contents;
  if (root !== null && root !== undefined && !isMap(root)) throw refuse({ code: 'PROMOTE_NOT_A_MAPPING', args: { document: 'kustomization' } }, { file });
  const splice = root ? planSplices({ text, file, image, ref }, root) : [appendImages(text, image, ref, 0)];
  const updated = applySplices(text, splice);
  verify(updated, file, image, ref);
  return updated;
}

interface Edit {
  text: string;
  file: string;
  image: string;
  ref: TagReference;
}

function planSplices({ text, file, image, ref }: Edit, root: YMap): Splice[] {
  const images = findPair(root, 'images');
  if (!images) return [appendImages(text, image, ref, detectSequenceIndent(text, root))];
  const seq = images.value as Node | null;
  if (isScalar(seq) && (seq.value === null || seq.value === undefined)) return [fillEmptyImages(text, images, image, ref)];
  if (!isSeq(seq)) throw refuse({ code: 'PROMOTE_IMAGES_NOT_A_LIST', args: {} }, { file });
  const entry = seq.items.find((item): item is YMap => isMap(item) && nameOf(item) === image);
  if (!entry) return [appendEntry(text, images, image, ref)];
  return editEntry(text, file, entry, ref);
}

/** The `name:` of an images entry, when it is a scalar. */
function nameOf(item: YMap): unknown {
  const value = findPair(item, 'name')?.value;
  return isScalar(value) ? value.value : undefined;
}

function editEntry(text: string, file: string, entry: YMap, ref: TagReference): Splice[] {
  const present = KEYS.flatMap((key) => {
    const pair = findPair(entry, key);
    return pair ? [{ key, pair }] : [];
  });
  const toAdd = KEYS.flatMap((key): Array<[string, string]> => {
    const value = ref[key];
    return value !== undefined && !present.some((found) => found.key === key) ? [[key, value]] : [];
  });
  const toRemove = present.filter(({ key }) => ref[key] === undefined);
  const splices: Splice[] = [];
  for (const { key, pair } of present) {
    const value = ref[key];
    if (value === undefined || (pair.value as Scalar | null)?.value === value) continue;
    const splice = replaceValue(pair, value);
    if (!splice) throw refuse({ code: 'PROMOTE_NOT_ONE_LINE', args: { key } }, { file });
    splices.push(splice);
  }
  const [removed, ...moreRemoved] = toRemove;
  const [added, ...moreAdded] = toAdd;
  if (removed && added && moreRemoved.length === 0 && moreAdded.length === 0) return [...splices, rewritePair(removed.pair, ...added)];
  for (const { pair } of toRemove) splices.push(removePair(text, entry, pair));
  if (toAdd.length > 0) splices.push(insertPairs(text, entry, toAdd));
  return splices;
}

/** A new entry's keys in the order `kustomize edit set image` writes them: name, newName, newTag, digest. */
function entryPairs(image: string, ref: TagReference): Array<[string, string]> {
  const keys = ['newName', ...KEYS] as const;
  return [['name', image], ...keys.flatMap((k): Array<[string, string]> => {
    const value = ref[k];
    return value !== undefined ? [[k, value]] : [];
  })];
}

function entryLines(image: string, ref: TagReference, dash: string, indent: string): string {
  return entryPairs(image, ref).map(([k, v], i) => `${i === 0 ? dash : indent}${k}: ${formatScalar(v)}\n`).join('');
}

function flowEntry(image: string, ref: TagReference): string {
  return `{${entryPairs(image, ref).map(([k, v]) => `${k}: ${formatScalar(v)}`).join(', ')}}`;
}

function appendImages(text: string, image: string, ref: TagReference, indent: number): Splice {
  const lead = text === '' || text.endsWith('\n') ? '' : '\n';
  const body = entryLines(image, ref, `${spaces(indent)}- `, spaces(indent + 2));
  return { start: text.length, end: text.length, text: `${lead}images:\n${body}` };
}

function fillEmptyImages(text: string, images: AnyPair, image: string, ref: TagReference): Splice {
  const value = images.value as Scalar;
  if (value.range && value.range[1] > value.range[0]) {
    return { start: value.range[0], end: value.range[1], text: `[${flowEntry(image, ref)}]` };
  }
  const indent = column(text, keyStart(images)) + 2;
  const at = nextLineStart(text, contentEnd(images.key as Node));
  const lead = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return { start: at, end: at, text: lead + entryLines(image, ref, `${spaces(indent - 2)}- `, spaces(indent)) };
}

function appendEntry(text: string, images: AnyPair, image: string, ref: TagReference): Splice {
  const seq = images.value as Seq;
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (seq.flow) {
    const close = text.lastIndexOf(']', seq.range![1]);
    const at = last ? contentEnd(last) : close;
    return { start: at, end: at, text: `${last ? ', ' : ''}${flowEntry(image, ref)}` };
  }
  const first = seq.items[0] as Node;
  const { dash, key } = itemColumns(text, first);
  const at = insertionPoint(text, images, image);
  const lead = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return { start: at, end: at, text: lead + entryLines(image, ref, `${spaces(dash)}-${spaces(key - dash - 1)}`, spaces(key)) };
}

/**
 * Where a new block entry goes: `kustomize edit set image` keeps `images:` sorted by name, so a
 * list that is sorted gets the entry in its place (before the comments of the entry after it);
 * any other list gets it at the end.
 */
function insertionPoint(text: string, images: AnyPair, image: string): number {
  const items = (images.value as Seq).items as Node[];
  const names = items.map((item) => (isMap(item) ? String((findPair(item, 'name')?.value as Scalar | undefined)?.value ?? '') : ''));
  const sorted = names.every((name, i) => i === 0 || names[i - 1]! <= name);
  const index = sorted ? names.findIndex((name) => name > image) : -1;
  if (index === -1) return nextLineStart(text, contentEnd(items[items.length - 1]));
  return index === 0 ? nextLineStart(text, contentEnd(images.key as Node)) : nextLineStart(text, contentEnd(items[index - 1]));
}

/** Columns of a block sequence item's dash and of its content. */
function itemColumns(text: string, item: Node): { dash: number; key: number } {
  const start = item.range![0];
  let i = start - 1;
  while (i >= 0 && text[i] === ' ') i -= 1;
  const key = column(text, start);
  return text[i] === '-' ? { dash: column(text, i), key } : { dash: Math.max(0, key - 2), key };
}

/** How far the document indents the dashes of its top-level block lists (0 like `kustomize edit`, or as it does). */
function detectSequenceIndent(text: string, root: YMap): number {
  for (const pair of root.items) {
    const value = pair.value as Node | null;
    if (isSeq(value) && !value.flow && value.items.length > 0) {
      return itemColumns(text, value.items[0] as Node).dash - column(text, keyStart(pair));
    }
  }
  return 0;
}

function verify(text: string, file: string, image: string, ref: TagReference): void {
  const document = parseYaml(text, file, refuseInvalidYaml)?.document as Document | undefined;
  const images = document?.toJS()?.images as Array<Record<string, unknown>> | undefined;
  const entry = images?.find((item) => item?.name === image);
  const ok = entry && KEYS.every((key) => entry[key] === ref[key]);
  if (!ok) throw refuse({ code: 'PROMOTE_UNSAFE_EDIT', args: { image } }, { file });
}

/**
 * Removes the `images[name=image]` entry a promotion added (a rollback undoing it): the item's
 * lines of a block list, or the whole `images:` key when it was the only entry; no entry, no
 * change. Other bytes stay; a flow list is left to the user (one clear error). CRLF files keep
 * their line ends.
 */
export function removeImageEntry(text: string, file: string, image: string): string {
  const crlf = text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
  if (!crlf) return removeImageEntryLf(text, file, image);
  return removeImageEntryLf(text.replace(/\r\n/g, '\n'), file, image).replace(/\n/g, '\r\n');
}

function removeImageEntryLf(text: string, file: string, image: string): string {
  const root = parseYaml(text, file, refuseInvalidYaml)?.document.contents;
  const found = isMap(root) ? findEntry(root, image) : null;
  // Already gone (like setImageTag, the edit is idempotent: the rolled-back state is rendered from it too).
  if (!found) return text;
  const { images, seq, entry } = found;
  if (seq.flow) throw refuse({ code: 'ROLLBACK_FLOW_LIST', args: { image } }, { file });
  const splice = seq.items.length === 1
    ? removePair(text, root as YMap, images)
    : { start: lineStart(text, entry), end: nextLineStart(text, contentEnd(entry)), text: '' };
  const updated = applySplices(text, [splice]);
  const left = (parseYaml(updated, file, refuseInvalidYaml)?.document.toJS() as { images?: Array<{ name?: unknown }> } | null)?.images ?? [];
  if (left.some((item) => item?.name === image) || left.length !== seq.items.length - 1) {
    throw refuse({ code: 'ROLLBACK_UNSAFE_REMOVAL', args: { image } }, { file });
  }
  return updated;
}

function findEntry(root: YMap, image: string): { images: AnyPair; seq: Seq; entry: Node } | null {
  const images = findPair(root, 'images');
  const seq = images?.value as Node | null | undefined;
  if (!images || !isSeq(seq)) return null;
  const entry = (seq.items as Node[]).find((item) => isMap(item) && (findPair(item, 'name')?.value as Scalar | undefined)?.value === image);
  return entry ? { images, seq, entry } : null;
}

/** The start of the line holding a block item's dash. */
function lineStart(text: string, item: Node): number {
  const start = item.range![0];
  return start - column(text, start);
}
