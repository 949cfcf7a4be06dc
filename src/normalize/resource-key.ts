/** Match keys of resources: `group/kind/name`, group '' for the core API (`v1`). */

/** `apps/v1` → `apps`, `v1` → ``. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function resourceKey(group: string, kind: string, name: string): string {
  return `${group}/${kind}/${name}`;
}
