import type { EnvResources, NormalizedResource } from '../../types.js';

/** Lookups over one environment's resources, by kind and (normalized or rendered) name. */
export interface EnvIndex {
  resources: NormalizedResource[];
  find(kind: string, name: string): NormalizedResource | undefined;
  ofKind(kind: string): NormalizedResource[];
  /** The Namespace object a resource lives in, when the render holds it. */
  namespaceOf(resource: NormalizedResource): NormalizedResource | undefined;
}

export function indexEnv(env: Pick<EnvResources, 'resources'>): EnvIndex {
  const resources = env.resources;
  const ofKind = (kind: string) => resources.filter((r) => r.kind === kind);
  return {
    resources,
    find: (kind, name) =>
      resources.find((r) => r.kind === kind && r.name === name)
      ?? resources.find((r) => r.kind === kind && r.renderedName === name),
    ofKind,
    namespaceOf: (resource) => namespaceOf(ofKind('Namespace').filter((ns) => ns.group === ''), resource),
  };
}

/**
 * The Namespace named by the resource's `metadata.namespace`; a resource that names none is
 * applied to the namespace of its deployment, which the render tells only when it holds one
 * Namespace.
 */
function namespaceOf(namespaces: NormalizedResource[], resource: NormalizedResource): NormalizedResource | undefined {
  if (resource.namespace === undefined) return namespaces.length === 1 ? namespaces[0] : undefined;
  return namespaces.find((ns) => ns.renderedName === resource.namespace);
}
