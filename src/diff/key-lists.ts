/**
 * Lists become maps before the diff: keyed items by their merge-key segment (`[name=app]`),
 * other items by position (`[0]`). Both sides of a list are keyed by the same key, so that
 * reordering keyed items is no difference and an item present on one side only is one
 * difference at `…env[name=DEBUG]`. Items and map keys that exist on one side only but read
 * the same once env tokens are replaced (`[name=cfg-staging]` ↔ `[name=cfg-production]`) are
 * aligned under the left side's name.
 *
 * Every keyed object remembers the original value it stands for, so differences can show the
 * user's lists and objects as written.
 */
import { chooseListKeys, itemSegment } from '../match/list-keys.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { replaceEnvTokens } from '../normalize/env-tokens.js';
import type { EnvTokenPair } from '../normalize/equivalence.js';

export type Originals = WeakMap<object, unknown>;

export interface KeyedPair {
  left: unknown;
  right: unknown;
  /** Keyed object → the original list or object it was made from. */
  originals: Originals;
}

interface KeyingContext {
  tokens: EnvTokenPair;
  originals: Originals;
}

type Entries = Map<string, unknown>;

/** Both values with every list turned into a map, keyed the same way on both sides. */
export function keyForDiff(left: unknown, right: unknown, tokens: EnvTokenPair): KeyedPair {
  const originals: Originals = new WeakMap();
  const [keyedLeft, keyedRight] = keyBoth(left, right, '', { tokens, originals });
  return { left: keyedLeft, right: keyedRight, originals };
}

/** The original value behind a keyed value (scalars are their own original). */
export function originalOf(value: unknown, originals: Originals): unknown {
  return typeof value === 'object' && value !== null && originals.has(value) ? originals.get(value) : value;
}

function keyBoth(left: unknown, right: unknown, field: string, context: KeyingContext): [unknown, unknown] {
  if (Array.isArray(left) && Array.isArray(right)) {
    const keys = chooseListKeys(field, [left, right]);
    const entries = alignEntries(listEntries(left, keys), listEntries(right, keys), context.tokens);
    return keyEntryPairs(entries, () => field, [left, right], context);
  }
  if (isPlainObject(left) && isPlainObject(right)) {
    const entries = alignEntries(objectEntries(left), objectEntries(right), context.tokens);
    return keyEntryPairs(entries, (name) => name, [left, right], context);
  }
  return [keyOne(left, field, context.originals), keyOne(right, field, context.originals)];
}

/** One side on its own (the other side has nothing here, or something of another type). */
function keyOne(value: unknown, field: string, originals: Originals): unknown {
  if (Array.isArray(value)) {
    return keyEntries(listEntries(value, chooseListKeys(field, [value])), () => field, value, originals);
  }
  if (isPlainObject(value)) return keyEntries(objectEntries(value), (name) => name, value, originals);
  return value;
}

function keyEntries(entries: Entries, fieldOf: (name: string) => string, original: object, originals: Originals): object {
  const keyed: Record<string, unknown> = {};
  for (const [name, value] of entries) keyed[name] = keyOne(value, fieldOf(name), originals);
  originals.set(keyed, original);
  return keyed;
}

function keyEntryPairs(
  entries: [Entries, Entries],
  fieldOf: (name: string) => string,
  original: [object, object],
  context: KeyingContext,
): [object, object] {
  const [left, right] = entries;
  const keyedLeft: Record<string, unknown> = {};
  const keyedRight: Record<string, unknown> = {};
  for (const [name, value] of left) {
    if (right.has(name)) [keyedLeft[name], keyedRight[name]] = keyBoth(value, right.get(name), fieldOf(name), context);
    else keyedLeft[name] = keyOne(value, fieldOf(name), context.originals);
  }
  for (const [name, value] of right) {
    if (!left.has(name)) keyedRight[name] = keyOne(value, fieldOf(name), context.originals);
  }
  context.originals.set(keyedLeft, original[0]);
  context.originals.set(keyedRight, original[1]);
  return [keyedLeft, keyedRight];
}

function objectEntries(object: Record<string, unknown>): Entries {
  return new Map(Object.entries(object));
}

/** Items by merge-key segment when `keys` identify them, else by `[index]`. */
function listEntries(list: readonly unknown[], keys: string[] | null): Entries {
  const name = (item: unknown, i: number) => (keys === null ? `[${i}]` : itemSegment(keys, item as Record<string, unknown>)!);
  return new Map(list.map((item, i) => [name(item, i), item]));
}

/**
 * Renames right-only entries to the left-only entry they match once each side's env tokens
 * are replaced, when that match is one-to-one. Index entries (`[0]`) are never renamed.
 */
function alignEntries(left: Entries, right: Entries, tokens: EnvTokenPair): [Entries, Entries] {
  const leftOnly = [...left.keys()].filter((name) => !right.has(name) && !isIndex(name));
  const rightOnly = [...right.keys()].filter((name) => !left.has(name) && !isIndex(name));
  if (leftOnly.length === 0 || rightOnly.length === 0) return [left, right];
  const leftByToken = uniqueByTokens(leftOnly, tokens.left);
  const rightByToken = uniqueByTokens(rightOnly, tokens.right);
  const renamed = new Map<string, string>();
  for (const [normalized, rightName] of rightByToken) {
    const leftName = leftByToken.get(normalized);
    if (leftName !== undefined) renamed.set(rightName, leftName);
  }
  if (renamed.size === 0) return [left, right];
  return [left, new Map([...right].map(([name, value]) => [renamed.get(name) ?? name, value]))];
}

/** Token-normalized name → name, for the names no other name shares a normalized form with. */
function uniqueByTokens(names: string[], tokens: readonly string[]): Map<string, string> {
  const byToken = new Map<string, string | null>();
  for (const name of names) {
    const normalized = replaceEnvTokens(name, tokens);
    byToken.set(normalized, byToken.has(normalized) ? null : name);
  }
  return new Map([...byToken].filter((entry): entry is [string, string] => entry[1] !== null));
}

function isIndex(name: string): boolean {
  return /^\[\d+\]$/.test(name);
}
