import type { Candidate, ParityConfig, RenderedOverlay, ResultError, ServiceSpec } from '../types.js';

type Rendered = (service: string, env: string) => RenderedOverlay | undefined;

/**
 * What a service lacks as a whole, never taken as clean: an environment it is expected in but
 * has no overlay for, and an overlay that renders no resources while the service renders some
 * elsewhere. Both are RESOURCE_MISSING at service level (no resource, no path) between the
 * lacking environment and its nearest neighbour that has resources, so an allow rule can name
 * the service and that pair like any missing resource.
 */
export function coverageCandidates(service: ServiceSpec, rendered: Rendered, config: ParityConfig): Candidate[] {
  const order = config.environments;
  const overlays = service.envs.map((env) => ({ env, overlay: rendered(service.name, env) }));
  const filled = overlays.filter(({ overlay }) => overlay && overlay.resources.length > 0).map(({ env }) => env);
  const missing = (service.missingEnvs ?? []).map((env) =>
    serviceLevel({ service: service.name, env, neighbour: nearest(env, service.envs, order), kind: 'missing' }, config.file ? { file: config.file } : null),
  );
  if (filled.length === 0) return missing;
  const empty = overlays.flatMap(({ env, overlay }) =>
    overlay && overlay.resources.length === 0
      ? [serviceLevel({ service: service.name, env, neighbour: nearest(env, filled, order), kind: 'empty' }, { file: overlay.chain.files[0] ?? overlay.overlay.relDir })]
      : [],
  );
  return [...missing, ...empty];
}

/** Services every overlay of which rendered nothing: there is nothing to compare, so each is an error. */
export function emptyServiceErrors(services: ServiceSpec[], rendered: Rendered): ResultError[] {
  return services.flatMap((service) => {
    const overlays = service.envs.map((env) => rendered(service.name, env));
    const [first] = overlays;
    if (!first || !overlays.every(isEmptyRender)) return [];
    const dirs = overlays.map((overlay) => overlay.overlay.relDir).join(', ');
    return [{ code: 'RENDER_FAILED' as const, service: service.name, message: `every overlay of service '${service.name}' rendered no resources (${dirs})`, file: first.overlay.relDir }];
  });
}

/** The environment of `candidates` closest to `env` in promotion order, the earlier one on a tie. */
function nearest(env: string, candidates: string[], order: readonly string[]): string | undefined {
  const at = order.indexOf(env);
  return [...candidates].sort((a, b) => Math.abs(order.indexOf(a) - at) - Math.abs(order.indexOf(b) - at) || order.indexOf(a) - order.indexOf(b))[0];
}

interface Lack {
  service: string;
  env: string;
  neighbour: string | undefined;
  kind: 'missing' | 'empty';
}

function serviceLevel(lack: Lack, source: { file: string } | null): Candidate {
  const { service, env, neighbour, kind } = lack;
  const envs = neighbour === undefined ? [env] : [neighbour, env];
  return {
    code: 'RESOURCE_MISSING',
    service,
    envs,
    resource: null,
    path: null,
    segments: [],
    values: { ...(neighbour !== undefined ? { [neighbour]: 'present' } : {}), [env]: kind === 'missing' ? 'no overlay' : 'no resources' },
    args: { overlay: kind, missingIn: env, presentIn: neighbour ?? 'other environments' },
    source,
  };
}

/** An overlay that rendered, and rendered no resources. */
function isEmptyRender(overlay: RenderedOverlay | undefined): overlay is RenderedOverlay {
  return overlay !== undefined && overlay.resources.length === 0;
}
