/**
 * The names resources are matched by. Kustomize's build metadata says, per object, what the
 * name was in its source and which prefixes and suffixes it applied, each with the file that
 * set it (see render/resource-origins.ts); nothing is predicted from the chain. The affixes an
 * environment sets in its own overlay directory differ by construction and are dropped; those
 * set in files outside it (a shard's `namePrefix: shard-0-`, shared by every environment) are
 * part of the object's identity and kept. Without build metadata the name is kept as rendered,
 * less the hash suffix Kustomize's generators append to ConfigMap and Secret names.
 */
import { hasHashSuffix, stripHashSuffix } from '../render/generator-hash.js';
import type { ResourceOrigin } from '../types.js';

export { hasHashSuffix, stripHashSuffix };

/** Kinds whose generators append a content hash. */
const HASHED_KINDS = new Set(['ConfigMap', 'Secret']);

/** The name a rendered resource is matched by (`overlayDir`: the environment's repo-relative overlay directory). */
export function normalizeName(kind: string, renderedName: string, origin: ResourceOrigin | undefined, overlayDir: string): string {
  if (!origin) return HASHED_KINDS.has(kind) ? stripHashSuffix(renderedName) : renderedName;
  const shared = origin.affixes.filter((affix) => !isInside(affix.file, overlayDir));
  const prefix = shared.map((affix) => affix.prefix).join('');
  const suffix = shared.map((affix) => affix.suffix).reverse().join('');
  return `${prefix}${origin.sourceName}${suffix}`;
}

function isInside(file: string, dir: string): boolean {
  const base = dir.replace(/\/+$/, '');
  return base === '' || base === '.' || file.startsWith(`${base}/`);
}

export function isHashedKind(kind: string): boolean {
  return HASHED_KINDS.has(kind);
}
