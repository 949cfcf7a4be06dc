/**
 * References between resources of one render, rewritten to the normalized names: Kustomize
 * renames a ConfigMap to `eu-prod-app-config-7f9h2c6bgm` and updates every reference to it,
 * so the references must lose the same prefix, suffix and hash as the names they point at.
 */
import { isPlainObject } from '../util/is-plain-object.js';

/** How names were rewritten in one render. */
export interface Renames {
  /** `Kind/renderedName` → normalized name, for every resource whose name changed. */
  byKind: Map<string, string>;
  /** Hash-suffixed rendered name → normalized name (rewritten wherever it appears). */
  hashed: Map<string, string>;
}

/** List items appear as `[]` in the key paths below. */
const ITEM = '[]';

/** Reference fields by the end of their key path, and the kind they name. */
const REFERENCE_FIELDS: ReadonlyArray<readonly [readonly string[], string]> = [
  [['configMapRef', 'name'], 'ConfigMap'],
  [['configMapKeyRef', 'name'], 'ConfigMap'],
  [['configMap', 'name'], 'ConfigMap'],
  [['secretRef', 'name'], 'Secret'],
  [['secretKeyRef', 'name'], 'Secret'],
  [['secret', 'secretName'], 'Secret'],
  [['secret', 'name'], 'Secret'],
  [['nodePublishSecretRef', 'name'], 'Secret'],
  [['imagePullSecrets', ITEM, 'name'], 'Secret'],
  [['secrets', ITEM, 'name'], 'Secret'],
  [['tls', ITEM, 'secretName'], 'Secret'],
  [['persistentVolumeClaim', 'claimName'], 'PersistentVolumeClaim'],
  [['serviceAccountName'], 'ServiceAccount'],
  [['serviceAccount'], 'ServiceAccount'],
  [['priorityClassName'], 'PriorityClass'],
  [['service', 'name'], 'Service'],
  [['backend', 'serviceName'], 'Service'],
  [['spec', 'serviceName'], 'Service'],
];

/** Reference objects that name their target's kind next to its name. */
const KIND_BESIDE_NAME: ReadonlyArray<readonly string[]> = [
  ['scaleTargetRef', 'name'],
  ['targetRef', 'name'],
  ['roleRef', 'name'],
  ['subjects', ITEM, 'name'],
  ['backendRefs', ITEM, 'name'],
  ['parentRefs', ITEM, 'name'],
];

/** Rewrites, in place, every reference of `object` to a resource renamed in this render. */
export function rewriteReferences(object: Record<string, unknown>, renames: Renames): void {
  rewriteIn(object, [], renames);
}

function rewriteIn(container: Record<string, unknown> | unknown[], keys: string[], renames: Renames): void {
  const entries: Array<[string | number, unknown]> = Array.isArray(container)
    ? container.map((item, i) => [i, item])
    : Object.entries(container);
  for (const [key, value] of entries) {
    const path = [...keys, typeof key === 'number' ? ITEM : key];
    if (typeof value === 'string') {
      const renamed = renamedReference(value, path, container, renames);
      if (renamed !== undefined) (container as Record<string | number, unknown>)[key] = renamed;
    } else if (Array.isArray(value) || isPlainObject(value)) {
      rewriteIn(value, path, renames);
    }
  }
}

function renamedReference(
  value: string,
  path: readonly string[],
  holder: Record<string, unknown> | unknown[],
  renames: Renames,
): string | undefined {
  const hashed = renames.hashed.get(value);
  if (hashed !== undefined) return hashed;
  const kind = referencedKind(path, holder);
  return kind === null ? undefined : renames.byKind.get(`${kind}/${value}`);
}

/** The kind the string at `path` refers to, or null when it is not a reference field. */
function referencedKind(path: readonly string[], holder: Record<string, unknown> | unknown[]): string | null {
  for (const [suffix, kind] of REFERENCE_FIELDS) {
    if (endsWith(path, suffix)) return kind;
  }
  if (Array.isArray(holder) || !KIND_BESIDE_NAME.some((suffix) => endsWith(path, suffix))) return null;
  if (typeof holder.kind === 'string') return holder.kind;
  return endsWith(path, ['backendRefs', ITEM, 'name']) ? 'Service' : null;
}

function endsWith(path: readonly string[], suffix: readonly string[]): boolean {
  if (suffix.length > path.length) return false;
  const offset = path.length - suffix.length;
  return suffix.every((key, i) => path[offset + i] === key);
}
