import { renderCopies } from '../pipeline/render-through-cache.js';
import { chartFiles } from '../helm/chart-inputs.js';
import type { HelmOverlay } from '../helm/render-environment.js';
import { formatReference } from '../images/reference.js';
import { planHelmPromotion } from '../bump/helm-plan.js';
import { readValuesLayers } from '../bump/helm-values.js';
import type { ImageBump, PromotionPlan } from '../bump/plan.js';
import { renderAfterBump } from '../bump/render-after.js';
import type { GateReason } from '../reason-args.js';
import type { KustomizationChain, RenderedOverlay } from '../types.js';
import { renderCurrent, renderedAfter } from './current-renders.js';
import { checkedRepository, helmImageChecks } from './helm-images.js';
import type { PrepareInputs, PreparedGate } from './prepared.js';

/**
 * A Helm environment's gate: the tag the source's merged values set at each image key, the
 * target chart rendered after its own values file is bumped (a private copy of the chart and
 * the values files, through the cached path).
 */
export async function prepareHelmGate(inputs: PrepareInputs & { source: HelmOverlay; target: HelmOverlay }): Promise<PreparedGate> {
  const { source, target, renderer, options } = inputs;
  const [sourceLayers, targetLayers] = await Promise.all([
    readValuesLayers(source.helm, options.repoDir),
    readValuesLayers(target.helm, options.repoDir),
  ]);
  const plan = planHelmPromotion({
    service: inputs.service,
    from: inputs.from,
    to: inputs.to,
    source: { source: source.helm, layers: sourceLayers },
    target: { source: target.helm, layers: targetLayers },
    requireImmutableTags: inputs.requireImmutableTags,
    ...(inputs.tag !== undefined ? { tag: inputs.tag } : {}),
    ...(inputs.image !== undefined ? { image: inputs.image } : {}),
  });
  const current = await renderCurrent(renderer, source, target, options);
  const outcome = await renderedAfter(source, target, current, () => renderTargetAfter(inputs, plan));
  const images = helmImageChecks(plan.images, { source: current.source, before: current.target, after: outcome.rendered.get(afterKey(inputs)) });
  const promotion = withRepositories(plan, images.repositories);
  const checks = images.checks.map(({ repository, bump }) => ({
    service: inputs.service,
    from: inputs.from,
    to: inputs.to,
    repository: checkedRepository(repository),
    expected: formatReference({ repository, ...referenceOf(bump) }),
  }));
  return { promotion, outcome, checks, reasons: images.unmatched.map((bump) => notRunning(inputs, bump)) };
}

function afterKey(inputs: PrepareInputs): string {
  return `${inputs.target.service}\u0000${inputs.target.env}`;
}

async function renderTargetAfter(inputs: PrepareInputs & { target: HelmOverlay }, plan: PromotionPlan): Promise<RenderedOverlay> {
  const { target, renderer, options } = inputs;
  const after = await renderAfterBump(plan, {
    repoDir: options.repoDir,
    chain: await copiedInputs(target, options.repoDir),
    renderer,
    overlayDir: target.relDir,
    helm: target.helm,
    renderCopy: (overlays, root) => renderCopies(overlays, root, renderer, options),
  });
  return { ...after, overlay: target };
}

/** What the copy needs: the chart's files (a remote chart is fetched instead) and the values files. */
async function copiedInputs(target: HelmOverlay, repoDir: string): Promise<KustomizationChain> {
  const files = target.helm.remote ? [] : await chartFiles(target.helm.chartDir, repoDir).catch(() => []);
  return { files: [], images: [], inputs: [...new Set([...files, ...target.helm.valuesFiles])], remotes: [] };
}

/** The plan with the image each bump drives, as the renders tell (the top-level fields follow the first bump that changes anything). */
function withRepositories(plan: PromotionPlan, repositories: Map<ImageBump, string>): PromotionPlan {
  const images = plan.images.map((bump) => ({ ...bump, repository: repositories.get(bump) ?? '' }));
  const active = plan.images.findIndex((bump) => bump.action !== 'noop');
  return { ...plan, images, repository: images[Math.max(active, 0)]?.repository ?? '' };
}

function referenceOf(bump: ImageBump): { tag?: string; digest?: string } {
  return { ...(bump.tag !== undefined ? { tag: bump.tag } : {}), ...(bump.digest !== undefined ? { digest: bump.digest } : {}) };
}

function notRunning(inputs: PrepareInputs, bump: ImageBump): GateReason {
  return {
    code: 'GATE_IMAGE_UNMATCHED',
    args: { from: inputs.from, to: inputs.to, image: bump.image, tag: bump.tag ?? null, digest: bump.digest ?? null },
  };
}
