/**
 * normalize: one rendered overlay → the resources as they compare across environments.
 *
 * Removed, because they differ by construction: `metadata.namespace` (kept aside as the
 * resource's `namespace`), the prefixes and suffixes Kustomize applied to each object (read from
 * its build metadata: `RenderedOverlay.origins`; on names and on references to renamed resources
 * of this render), generator hash suffixes (on ConfigMap/Secret names and on every string equal
 * to a hashed name), `status` and server-set metadata, and fields of built-in kinds holding the
 * API server's default (see defaults.ts). Labels are left as written: Kustomize does not prefix
 * them. Namespace objects stay and compare like any resource (paired by env-token-normalized
 * name downstream): their injection and pod-security labels are part of the posture.
 *
 * Values are NOT rewritten to canonical forms: quantities (`500m`), ports and env tokens keep
 * the user's spelling so findings show what the overlay says. The diff stage compares them
 * through `fieldValuesEquivalent` (canonical quantities, int/string ports, env tokens).
 */
import type { EnvResources, K8sObject, NormalizedResource, RenderedOverlay, ResourceOrigin } from '../types.js';
import { dropDefaultValues } from './defaults.js';
import { hasHashSuffix, isHashedKind, normalizeNames } from './names.js';
import { rewriteReferences, type Renames } from './references.js';
import { apiGroup, resourceKey } from './resource-key.js';
import { stripServerFields } from './server-fields.js';

export interface NormalizeContext {
  /** The environment's tokens (`envTokens(env, namespace)`). */
  tokens: readonly string[];
}

export function normalizeOverlay(rendered: RenderedOverlay, _context: NormalizeContext): EnvResources {
  const { overlay, chain } = rendered;
  const origins = rendered.resources.map((_, index) => rendered.origins?.[index]);
  const names = normalizeNames(
    rendered.resources.map((object, index) => ({ apiVersion: object.apiVersion, kind: object.kind, renderedName: object.metadata?.name ?? '', origin: origins[index] })),
    overlay.relDir,
  );
  const traced = rendered.resources.map((object, index) => ({ object, origin: origins[index], name: names[index]! }));
  const renames = collectRenames(traced);
  const resources = traced.map((entry) => normalizeResource(entry, renames));
  return {
    service: overlay.service,
    env: overlay.env,
    overlay,
    chain,
    resources: disambiguate(resources, rendered.resources),
  };
}

/** A rendered object, where it came from (when the overlay rendered with build metadata) and its normalized name. */
interface Traced {
  object: K8sObject;
  origin: ResourceOrigin | undefined;
  name: string;
}

function collectRenames(traced: readonly Traced[]): Renames {
  const renames: Renames = { byKind: new Map(), hashed: new Map() };
  for (const { object, name: normalized } of traced) {
    const rendered = object.metadata?.name ?? '';
    if (normalized === rendered) continue;
    renames.byKind.set(`${object.kind}/${rendered}`, normalized);
    if (isHashedKind(object.kind) && hasHashSuffix(rendered)) renames.hashed.set(rendered, normalized);
  }
  return renames;
}

function normalizeResource({ object, origin, name }: Traced, renames: Renames): NormalizedResource {
  const renderedName = object.metadata?.name ?? '';
  const copy = structuredClone(object);
  copy.metadata ??= { name: renderedName };
  stripServerFields(copy);
  dropDefaultValues(copy);
  rewriteReferences(copy, renames);
  copy.metadata.name = name;
  const group = apiGroup(copy.apiVersion);
  const key = resourceKey(group, copy.kind, name);
  const normalized: NormalizedResource = { key, group, kind: copy.kind, apiVersion: copy.apiVersion, name, renderedName, object: copy };
  const namespace = object.metadata?.namespace;
  return {
    ...normalized,
    ...(isNonEmptyString(namespace) ? { namespace } : {}),
    ...(origin ? { origin } : {}),
  };
}

/**
 * Objects of one kind and name in several namespaces would collide once namespaces are gone:
 * their keys keep the namespace (`apps/Deployment/api@team-a`). The result is sorted by key.
 */
function disambiguate(resources: NormalizedResource[], originals: readonly K8sObject[]): NormalizedResource[] {
  const counts = new Map<string, number>();
  for (const resource of resources) counts.set(resource.key, (counts.get(resource.key) ?? 0) + 1);
  const unique = resources.map((resource, i) => {
    if (counts.get(resource.key) === 1) return resource;
    return { ...resource, key: `${resource.key}@${originals[i]?.metadata?.namespace ?? ''}` };
  });
  return unique.sort((a, b) => compareStrings(a.key, b.key));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
