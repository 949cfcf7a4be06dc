/**
 * Resource names as the overlay wrote them: without the chain's namePrefix/nameSuffix and
 * without the hash suffix Kustomize's generators append to ConfigMap and Secret names.
 */

/** `-` + 10 characters of Kustomize's hash alphabet, at the end of a generated name. */
const HASH_SUFFIX = /-[2456789bcdfghkmt]{10}$/;

/** Kinds whose generators append a content hash. */
const HASHED_KINDS = new Set(['ConfigMap', 'Secret']);

/** Kinds Kustomize's prefix/suffix transformer leaves alone. */
const UNPREFIXED_KINDS = new Set(['Namespace', 'CustomResourceDefinition', 'APIService']);

export interface NameAffixes {
  namePrefix: string;
  nameSuffix: string;
}

/** `app-config-7f9h2c6bgm` → `app-config`; anything else unchanged. */
export function stripHashSuffix(name: string): string {
  return name.replace(HASH_SUFFIX, '');
}

export function hasHashSuffix(name: string): boolean {
  return HASH_SUFFIX.test(name);
}

/**
 * Removes the chain's prefix and suffix when the name carries both exactly. A name without
 * them (a kind Kustomize does not rename, or a resource from outside the chain) is kept.
 */
export function stripAffixes(name: string, affixes: NameAffixes): string {
  const { namePrefix, nameSuffix } = affixes;
  if (namePrefix === '' && nameSuffix === '') return name;
  if (name.length <= namePrefix.length + nameSuffix.length) return name;
  if (!name.startsWith(namePrefix) || !name.endsWith(nameSuffix)) return name;
  return name.slice(namePrefix.length, name.length - nameSuffix.length);
}

/**
 * The normalized name of a rendered resource: hash removed first (Kustomize appends it after
 * the prefix and suffix), then the chain's prefix and suffix.
 */
export function normalizeName(kind: string, renderedName: string, affixes: NameAffixes): string {
  const unhashed = HASHED_KINDS.has(kind) ? stripHashSuffix(renderedName) : renderedName;
  return UNPREFIXED_KINDS.has(kind) ? unhashed : stripAffixes(unhashed, affixes);
}

export function isHashedKind(kind: string): boolean {
  return HASHED_KINDS.has(kind);
}
