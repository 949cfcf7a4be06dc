/**
 * normalize: one rendered overlay → the resources as they compare across environments.
 *
 * Removed, because they differ by construction: `metadata.namespace` and the Namespace object
 * of the overlay's namespace, the prefixes and suffixes Kustomize applied to each object (read
 * from its build metadata: `RenderedOverlay.origins`; on names and on references to renamed
 * resources of this render), generator hash suffixes (on ConfigMap/Secret names and on
 * every string equal to a hashed name), `status` and server-set metadata. Labels are left as
 * written: Kustomize does not prefix them.
 *
 * Values are NOT rewritten to canonical forms: quantities (`500m`), ports and env tokens keep
 * the user's spelling so findings show what the overlay says. The diff stage compares them
 * through `fieldValuesEquivalent` (canonical quantities, int/string ports, env tokens).
 */
import type { EnvResources, K8sObject, NormalizedResource, RenderedOverlay, ResourceOrigin } from '../types.js';
import { replaceEnvTokens } from './env-tokens.js';
import { hasHashSuffix, isHashedKind, normalizeName } from './names.js';
import { rewriteReferences, type Renames } from './references.js';
import { apiGroup, resourceKey } from './resource-key.js';
import { stripServerFields } from './server-fields.js';

export interface NormalizeContext {
  /** The environment's tokens (`envTokens(env, namespace)`). */
  tokens: readonly string[];
}

export function normalizeOverlay(rendered: RenderedOverlay, context: NormalizeContext): EnvResources {
  const { overlay, chain } = rendered;
  const namespaces = overlayNamespaces(rendered);
  const traced = rendered.resources.map((object, index) => ({ object, origin: rendered.origins?.[index] }));
  const own = traced.find(({ object }) => isOverlayNamespace(object, namespaces, context.tokens));
  const kept = traced.filter(({ object }) => !isOverlayNamespace(object, namespaces, context.tokens));
  const renames = collectRenames(kept, overlay.relDir);
  const resources = kept.map((entry) => normalizeResource(entry, renames, overlay.relDir));
  return {
    service: overlay.service,
    env: overlay.env,
    overlay,
    chain,
    resources: disambiguate(resources, kept.map(({ object }) => object)),
    ...(own ? { namespaceObject: normalizeResource(own, renames, overlay.relDir) } : {}),
  };
}

/** A rendered object and, when the overlay rendered with build metadata, where it came from. */
interface Traced {
  object: K8sObject;
  origin: ResourceOrigin | undefined;
}

/** The chain's namespace, or (for pre-rendered manifests without one) the namespaces the objects name. */
function overlayNamespaces(rendered: RenderedOverlay): string[] {
  if (rendered.chain.namespace) return [rendered.chain.namespace];
  const named = rendered.resources.map((object) => object.metadata?.namespace).filter(isNonEmptyString);
  return [...new Set(named)];
}

function isOverlayNamespace(object: K8sObject, namespaces: readonly string[], tokens: readonly string[]): boolean {
  if (object.kind !== 'Namespace' || apiGroup(object.apiVersion) !== '') return false;
  const name = object.metadata?.name ?? '';
  const normalized = replaceEnvTokens(name, tokens);
  return namespaces.some((ns) => ns === name || replaceEnvTokens(ns, tokens) === normalized);
}

function collectRenames(traced: readonly Traced[], overlayDir: string): Renames {
  const renames: Renames = { byKind: new Map(), hashed: new Map() };
  for (const { object, origin } of traced) {
    const rendered = object.metadata?.name ?? '';
    const normalized = normalizeName(object.kind, rendered, origin, overlayDir);
    if (normalized === rendered) continue;
    renames.byKind.set(`${object.kind}/${rendered}`, normalized);
    if (isHashedKind(object.kind) && hasHashSuffix(rendered)) renames.hashed.set(rendered, normalized);
  }
  return renames;
}

function normalizeResource({ object, origin }: Traced, renames: Renames, overlayDir: string): NormalizedResource {
  const renderedName = object.metadata?.name ?? '';
  const name = normalizeName(object.kind, renderedName, origin, overlayDir);
  const copy = structuredClone(object);
  copy.metadata ??= { name: renderedName };
  stripServerFields(copy);
  rewriteReferences(copy, renames);
  copy.metadata.name = name;
  const group = apiGroup(copy.apiVersion);
  const resource = { key: resourceKey(group, copy.kind, name), group, kind: copy.kind, apiVersion: copy.apiVersion, name, renderedName, object: copy };
  return origin ? { ...resource, origin } : resource;
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
