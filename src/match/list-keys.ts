/**
 * How list items are identified across environments: Kubernetes merge keys first, then a
 * `name`/`key`/`id` field shared by every item, then the position.
 */

import { isPlainObject } from '../util/is-plain-object.js';

/** Merge keys by the name of the field that holds the list. */
const MERGE_KEYS: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  volumes: ['name'],
  env: ['name'],
  imagePullSecrets: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
};

const FALLBACK_KEYS = ['name', 'key', 'id'];

/**
 * The segment naming each item of `list` (held under `field`), e.g. `[name=app]`, or null when
 * the items have no usable key (the caller then uses indexes, `[0]`, `[1]`…).
 */
export function listItemSegments(field: string, list: readonly unknown[]): string[] | null {
  const keys = chooseListKeys(field, [list]);
  return keys === null ? null : list.map((item) => itemSegment(keys, item as Record<string, unknown>)!);
}

/**
 * The keys that identify the items of every one of `lists` (the same field in several
 * environments), so that each side's items are named the same way; null when no candidate key
 * is present and unique in each list. Empty lists accept any key.
 */
export function chooseListKeys(field: string, lists: ReadonlyArray<readonly unknown[]>): string[] | null {
  const filled = lists.filter((list) => list.length > 0);
  if (filled.length === 0 || !filled.every((list) => list.every(isPlainObject))) return null;
  const itemLists = filled as Array<Array<Record<string, unknown>>>;
  const candidates = candidateKeys(field, itemLists.flat());
  return candidates.find((keys) => itemLists.every((items) => identifiesItems(keys, items))) ?? null;
}

function identifiesItems(keys: string[], items: Array<Record<string, unknown>>): boolean {
  const segments = items.map((item) => itemSegment(keys, item));
  return segments.every((s): s is string => s !== null) && new Set(segments).size === segments.length;
}

function candidateKeys(field: string, items: Array<Record<string, unknown>>): string[][] {
  const candidates: string[][] = [];
  const merge = MERGE_KEYS[field];
  if (merge) candidates.push(merge);
  if (field === 'ports' || items.some((item) => 'containerPort' in item)) {
    candidates.push(['containerPort', 'protocol']);
  }
  for (const key of FALLBACK_KEYS) candidates.push([key]);
  if (field === 'ports') candidates.push(['port', 'protocol']);
  return candidates;
}

/** `[name=app]`, `[containerPort=8080]`, `[containerPort=53,protocol=UDP]`; null if the first key is absent. */
export function itemSegment(keys: string[], item: Record<string, unknown>): string | null {
  const [first, ...rest] = keys;
  if (!isScalar(item[first!])) return null;
  const parts = [`${first}=${quoteKeyValue(String(item[first!]))}`];
  for (const key of rest) {
    const value = item[key];
    // protocol TCP is the default: leave it out so `8080` and `8080/TCP` match.
    if (isScalar(value) && !(key === 'protocol' && value === 'TCP')) {
      parts.push(`${key}=${quoteKeyValue(String(value))}`);
    }
  }
  return `[${parts.join(',')}]`;
}

function quoteKeyValue(value: string): string {
  return /^[^\s"=,[\]]+$/.test(value) ? value : JSON.stringify(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
