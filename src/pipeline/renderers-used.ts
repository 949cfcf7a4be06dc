import type { RenderedOverlay, RendererInfo } from '../types.js';

/**
 * `result.renderers`: Kustomize, then each helm that rendered a Helm environment or inflated an overlay's
 * `helmCharts:` (once per binary). Undefined when no helm rendered anything: the field is an
 * extension, absent from runs that used Kustomize alone.
 */
export function renderersUsed(kustomize: RendererInfo, rendered: Iterable<RenderedOverlay>): RendererInfo[] | undefined {
  const helms = new Map<string, RendererInfo>();
  for (const overlay of rendered) if (overlay.helm) helms.set(`${overlay.helm.path}\u0000${overlay.helm.version}`, overlay.helm);
  return helms.size > 0 ? [kustomize, ...helms.values()] : undefined;
}
