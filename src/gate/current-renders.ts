import { overlayKey, renderAll, type RenderOutcome } from '../pipeline/render.js';
import { type AuditOptions } from '../pipeline/plan.js';
import { toResultError } from '../pipeline/result-error.js';
import type { Overlay, RenderedOverlay, Renderer } from '../types.js';

export interface CurrentRenders {
  source?: RenderedOverlay;
  target?: RenderedOverlay;
  /** Why the source did not render (the target's own failure shows in its post-bump render). */
  sourceErrors: RenderOutcome['errors'];
}

/**
 * The source and the target as they are, through audit's render path (batched, cached): the
 * source is what the gate compares, the target's images tell what it runs today.
 */
export async function renderCurrent(renderer: Renderer, source: Overlay, target: Overlay, options: AuditOptions): Promise<CurrentRenders> {
  const { rendered, errors } = await renderAll([source, target], renderer, options);
  const sourceRender = rendered.get(overlayKey(source));
  const targetRender = rendered.get(overlayKey(target));
  return {
    ...(sourceRender ? { source: sourceRender } : {}),
    ...(targetRender ? { target: targetRender } : {}),
    sourceErrors: errors.filter((error) => error.env === source.env),
  };
}

/**
 * What the gate compares: the source as it is and the target as `renderTarget` renders it after
 * the bump; a failure of either becomes a result error.
 */
export async function renderedAfter(
  source: Overlay,
  target: Overlay,
  current: CurrentRenders,
  renderTarget: () => Promise<RenderedOverlay>,
): Promise<RenderOutcome> {
  const rendered = new Map<string, RenderedOverlay>();
  const errors: RenderOutcome['errors'] = [...current.sourceErrors];
  if (current.source) rendered.set(overlayKey(source), current.source);
  try {
    rendered.set(overlayKey(target), await renderTarget());
  } catch (error) {
    errors.push(toResultError(error as Error, target));
  }
  return { rendered, errors };
}
