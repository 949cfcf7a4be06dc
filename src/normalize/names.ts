/**
 * The names resources are matched by. Kustomize's build metadata says, per object, what the
 * name was in its source and which prefixes and suffixes it applied, each with the file that
 * set it (see render/resource-origins.ts); a chain that renames nothing is not asked for it,
 * and each object's source name is its rendered name, checked against the one declaration of
 * it in the chain (render/derive-origins.ts). Nothing is predicted. The affixes an
 * environment sets in its own overlay directory differ by construction and are dropped; those
 * set in files outside it (a shard's `namePrefix: shard-0-`, shared by every environment) are
 * part of the object's identity and kept. Without build metadata the name is kept as rendered,
 * less the hash suffix Kustomize's generators append to ConfigMap and Secret names.
 *
 * An affix that tells objects of one render apart is identity too, wherever it is set: an
 * overlay holding `shard-0/` and `shard-1/` folders, each with its own `namePrefix`, renders
 * `shard-0-web` and `shard-1-web`. When dropping the overlay's affixes would give such objects
 * one name, those set in folders below the overlay's own are kept (see `normalizeNames`).
 */
import { hasHashSuffix, stripHashSuffix } from '../render/generator-hash.js';
import type { ResourceOrigin } from '../types.js';
import { apiGroup } from './resource-key.js';

export { hasHashSuffix, stripHashSuffix };

/** Kinds whose generators append a content hash. */
const HASHED_KINDS = new Set(['ConfigMap', 'Secret']);

/** The name a rendered resource is matched by (`overlayDir`: the environment's repo-relative overlay directory). */
export function normalizeName(kind: string, renderedName: string, origin: ResourceOrigin | undefined, overlayDir: string): string {
  return nameKeeping(kind, renderedName, origin, (file) => !isInside(file, overlayDir));
}

/** One rendered object, as `normalizeNames` reads it. */
export interface NamedObject {
  apiVersion: string;
  kind: string;
  renderedName: string;
  origin: ResourceOrigin | undefined;
}

/**
 * The names of all objects of one render, in order: `normalizeName`'s, except for objects that
 * it would give the same group, kind and name. Those keep the affixes set below the overlay's
 * own folder too, when that tells them all apart (objects that only differ by namespace stay
 * alike: their keys carry the namespace).
 */
export function normalizeNames(objects: readonly NamedObject[], overlayDir: string): string[] {
  const names = objects.map((object) => normalizeName(object.kind, object.renderedName, object.origin, overlayDir));
  for (const members of collisions(objects, names)) {
    const nested = members.map((i) => nameKeeping(objects[i]!.kind, objects[i]!.renderedName, objects[i]!.origin, (file) => !isDirectlyIn(file, overlayDir)));
    if (new Set(nested).size === nested.length) members.forEach((i, n) => (names[i] = nested[n]!));
  }
  return names;
}

/** Indexes of objects that share group, kind and name, one list per shared key. */
function collisions(objects: readonly NamedObject[], names: readonly string[]): number[][] {
  const byKey = new Map<string, number[]>();
  objects.forEach((object, i) => {
    const key = `${apiGroup(object.apiVersion)}/${object.kind}/${names[i]}`;
    byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  return [...byKey.values()].filter((members) => members.length > 1);
}

function nameKeeping(kind: string, renderedName: string, origin: ResourceOrigin | undefined, keeps: (file: string) => boolean): string {
  if (!origin) return HASHED_KINDS.has(kind) ? stripHashSuffix(renderedName) : renderedName;
  const shared = origin.affixes.filter((affix) => keeps(affix.file));
  const prefix = shared.map((affix) => affix.prefix).join('');
  const suffix = shared.map((affix) => affix.suffix).reverse().join('');
  return `${prefix}${origin.sourceName}${suffix}`;
}

/** A file of the overlay's own folder (its kustomization or a transformer config beside it), not of a folder below. */
function isDirectlyIn(file: string, dir: string): boolean {
  const base = dir.replace(/\/+$/, '');
  const rest = base === '' || base === '.' ? file : file.startsWith(`${base}/`) ? file.slice(base.length + 1) : null;
  return rest !== null && !rest.includes('/');
}

function isInside(file: string, dir: string): boolean {
  const base = dir.replace(/\/+$/, '');
  return base === '' || base === '.' || file.startsWith(`${base}/`);
}

export function isHashedKind(kind: string): boolean {
  return HASHED_KINDS.has(kind);
}
