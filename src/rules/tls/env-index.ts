import type { EnvResources, NormalizedResource } from '../../types.js';

/** Lookups over one environment's resources, by kind and (normalized or rendered) name. */
export interface EnvIndex {
  resources: NormalizedResource[];
  find(kind: string, name: string): NormalizedResource | undefined;
  ofKind(kind: string): NormalizedResource[];
}

/**
 * `ofKind('Namespace')` also yields the overlay's own Namespace, which normalization keeps
 * apart from the compared resources: its labels decide namespace-wide sidecar injection.
 */
export function indexEnv(env: Pick<EnvResources, 'resources' | 'namespaceObject'>): EnvIndex {
  const resources = env.resources;
  const own = env.namespaceObject ? [env.namespaceObject] : [];
  return {
    resources,
    find: (kind, name) =>
      resources.find((r) => r.kind === kind && r.name === name)
      ?? resources.find((r) => r.kind === kind && r.renderedName === name),
    ofKind: (kind) => [...resources.filter((r) => r.kind === kind), ...(kind === 'Namespace' ? own : [])],
  };
}
