import type { Candidate, ParityConfig, RenderedOverlay, ResultError, ServiceSpec } from '../types.js';

type Rendered = (service: string, env: string) => RenderedOverlay | undefined;

/**
 * What a service lacks as a whole, never taken as clean: an environment it is expected in but
 * has no overlay for, and an overlay that renders no resources while the service renders some
 * elsewhere. Both are RESOURCE_MISSING at service level (no resource, no path), so policy can
 * allow them by service and environment like any missing resource.
 */
export function coverageCandidates(service: ServiceSpec, rendered: Rendered, config: ParityConfig): Candidate[] {
  const counts = service.envs.map((env) => ({ env, overlay: rendered(service.name, env) }));
  const filled = counts.filter(({ overlay }) => overlay && overlay.resources.length > 0).map(({ env }) => env);
  const missing = (service.missingEnvs ?? []).map((env) =>
    serviceLevel(service.name, env, { overlay: 'missing', presentIn: service.envs.join(', ') }, config.file ? { file: config.file } : null),
  );
  if (filled.length === 0) return missing;
  const empty = counts
    .filter(({ overlay }) => overlay && overlay.resources.length === 0)
    .map(({ env, overlay }) =>
      serviceLevel(service.name, env, { overlay: 'empty', presentIn: filled.join(', ') }, { file: overlay!.chain.files[0] ?? overlay!.overlay.relDir }),
    );
  return [...missing, ...empty];
}

/** A service every overlay of which rendered nothing: there is nothing to compare, so it is an error. */
export function emptyServiceErrors(services: ServiceSpec[], rendered: Rendered): ResultError[] {
  return services.flatMap((service) => {
    const overlays = service.envs.map((env) => rendered(service.name, env));
    if (overlays.some((overlay) => !overlay || overlay.resources.length > 0)) return [];
    const dirs = overlays.map((overlay) => overlay!.overlay.relDir).join(', ');
    return [{ code: 'RENDER_FAILED' as const, service: service.name, message: `every overlay of service '${service.name}' rendered no resources (${dirs})`, file: overlays[0]!.overlay.relDir }];
  });
}

function serviceLevel(service: string, env: string, detail: Record<string, string>, source: { file: string } | null): Candidate {
  return {
    code: 'RESOURCE_MISSING',
    service,
    envs: [env],
    resource: null,
    path: null,
    segments: [],
    values: { [env]: detail.overlay === 'missing' ? 'no overlay' : 'no resources' },
    detail: { ...detail, missingIn: env, service },
    source,
  };
}
