import { renderCopies } from '../pipeline/render-through-cache.js';
import { planPromotion } from '../bump/plan.js';
import { renderAfterBump } from '../bump/render-after.js';
import { readKustomizationChain } from '../chain/read-chain.js';
import { canonicalRepository, formatReference, parseImageRef } from '../images/reference.js';
import { renderCurrent, renderedAfter } from './current-renders.js';
import type { PrepareInputs, PreparedGate } from './prepared.js';
import { renderedImages } from './rendered-images.js';

/**
 * A Kustomize overlay's gate: the tag its chain's `images:` entry sets, the target overlay
 * rendered after its own kustomization is bumped (a private copy, through the cached path).
 */
export async function prepareKustomizeGate(inputs: PrepareInputs): Promise<PreparedGate> {
  const { source, target, renderer, options } = inputs;
  const [sourceChain, targetChain] = await Promise.all([
    readKustomizationChain(source.dir, options.repoDir),
    readKustomizationChain(target.dir, options.repoDir),
  ]);
  const current = await renderCurrent(renderer, source, target, options);
  const promotion = planPromotion({
    service: inputs.service,
    from: inputs.from,
    to: inputs.to,
    source: sourceChain,
    target: targetChain,
    requireImmutableTags: inputs.requireImmutableTags,
    ...(inputs.tag !== undefined ? { tag: inputs.tag } : {}),
    ...(inputs.image !== undefined ? { image: inputs.image } : {}),
    rendered: { source: renderedImages(current.source), target: renderedImages(current.target) },
  });
  const outcome = await renderedAfter(source, target, current, async () => {
    const after = await renderAfterBump(promotion, {
      repoDir: options.repoDir,
      chain: targetChain,
      renderer,
      overlayDir: target.relDir,
      renderCopy: (overlays, root) => renderCopies(overlays, root, renderer, options),
    });
    return { ...after, overlay: target, chain: targetChain, preRendered: false };
  });
  const checks = promotion.images.map((bump) => ({
    service: inputs.service,
    from: inputs.from,
    to: inputs.to,
    repository: canonicalRepository(parseImageRef(bump.repository)),
    expected: formatReference({ repository: bump.repository, ...(bump.tag ? { tag: bump.tag } : {}), ...(bump.digest ? { digest: bump.digest } : {}) }),
  }));
  return { promotion, outcome, checks, reasons: [] };
}
