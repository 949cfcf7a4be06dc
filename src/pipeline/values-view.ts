import type { SourceLocator } from '../source/locate-source.js';
import { differingKeys, type ValuesLeaves } from '../source/helm-values.js';
import type { Finding, ServiceSpec, SourceLocation, ValuesDifference } from '../types.js';

type Status = ValuesDifference['keys'][number]['status'];

/**
 * For every Helm service and env pair: the values keys that differ, each with the line that
 * sets it per environment and the worst classified finding cited at one of those lines.
 */
export function valuesView(
  services: ReadonlyArray<{ service: ServiceSpec; pairs: ReadonlyArray<[string, string]> }>,
  locator: SourceLocator,
  findings: readonly Finding[],
): ValuesDifference[] {
  const byLocation = findingsByLocation(findings);
  return services.flatMap(({ service, pairs }) =>
    pairs.flatMap(([a, b]) => {
      const from = service.overlays[a]?.helm;
      const to = service.overlays[b]?.helm;
      if (!from || !to) return [];
      const leaves: Record<string, ValuesLeaves> = { [a]: locator.valuesOf(from), [b]: locator.valuesOf(to) };
      const keys = differingKeys(leaves[a]!, leaves[b]!).map((key) => {
        const at = [a, b].flatMap((env) => {
          const leaf = leaves[env]!.get(key);
          return leaf ? [{ env, ...leaf.at }] : [];
        });
        return { key, status: statusOf(at, service.name, byLocation), at };
      });
      return keys.length ? [{ service: service.name, envs: [a, b] as [string, string], keys }] : [];
    }),
  );
}

function findingsByLocation(findings: readonly Finding[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (!finding.source) continue;
    const key = `${finding.service}\u0000${locationKey(finding.source)}`;
    map.set(key, [...(map.get(key) ?? []), finding]);
  }
  return map;
}

function locationKey(location: SourceLocation): string {
  return `${location.file}:${location.line ?? 0}`;
}

function statusOf(at: ReadonlyArray<SourceLocation>, service: string, byLocation: Map<string, Finding[]>): Status {
  const traced = at.flatMap((location) => byLocation.get(`${service}\u0000${locationKey(location)}`) ?? []);
  if (traced.length === 0) return 'untraced';
  if (traced.some((finding) => finding.blocking)) return 'blocking';
  if (traced.some((finding) => finding.allowed === null)) return 'warning';
  return 'allowed';
}
