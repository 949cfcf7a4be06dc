import { compareRendered, planAudit, overlayKey, renderAll, type AuditOptions, type RenderOutcome } from '../audit/audit.js';
import { renderCopies } from '../audit/render-through-cache.js';
import { toResultError } from '../audit/result-error.js';
import { ConfigError } from '../errors.js';
import { formatReference } from '../promote/image-chain.js';
import { planPromotion, type ImageBump, type PromotionPlan } from '../promote/plan.js';
import { renderAfterBump } from '../promote/render-after.js';
import { readKustomizationChain } from '../render/read-chain.js';
import { imageRepository, parseImageRef } from '../rules/index.js';
import type { AuditResult, Finding, GateCheck, GateImage, GateVerdict, Overlay, RenderedOverlay, Renderer, ServiceSpec } from '../types.js';
import { checkErrors, parityCheck, runChecks, type GateCheckRunner } from './checks/run-checks.js';
import { checkPromotedImages } from './promoted-images.js';
import { renderedImages } from './rendered-images.js';

export interface GateOptions extends Omit<AuditOptions, 'services' | 'envs' | 'pairs'> {
  service: string;
  from: string;
  to: string;
  /** Promote this tag (or `sha256:` digest) instead of the one the source runs. */
  tag?: string;
  /** Which image, when the source overrides several. */
  image?: string;
  /** Checks run after the parity comparison (health, performance, incidents), each named. */
  checks?: Array<{ name: GateCheck['name']; run: GateCheckRunner }>;
}

export interface GateOutcome {
  result: AuditResult;
  /** The promotion the gate judged; null when it could not be planned (then the gate is closed). */
  plan: PromotionPlan | null;
}

/**
 * `parity gate`: reads the tag the source runs, renders the target as it will be after the
 * bump (without touching the working tree), and classifies source vs target-after with the
 * policy. Closed on any blocking finding, render failure, or promotion that would not take effect.
 */
export async function gate(options: GateOptions): Promise<GateOutcome> {
  if (options.from === options.to) throw new ConfigError(`--from and --to are both '${options.from}'`);
  const auditOptions: AuditOptions = { ...options, services: [options.service], envs: [options.from, options.to], pairs: `${options.from}:${options.to}` };
  const plan = await planAudit(auditOptions);
  const service = plan.services[0]!;
  const source = overlayOf(service, options.from);
  const target = overlayOf(service, options.to);
  const [sourceChain, targetChain] = await Promise.all([
    readKustomizationChain(source.dir, options.repoDir),
    readKustomizationChain(target.dir, options.repoDir),
  ]);
  const current = await renderCurrent(plan.renderer, { source, target, options: auditOptions });
  const promotion = planPromotion({
    service: service.name,
    from: options.from,
    to: options.to,
    source: sourceChain,
    target: targetChain,
    requireImmutableTags: plan.policy.requireImmutableTags,
    ...pick(options, 'tag', 'image'),
    rendered: { source: renderedImages(current.source), target: renderedImages(current.target) },
  });
  const outcome = await renderAfter(plan.renderer, { source, target, targetChain, promotion, options: auditOptions }, current);
  const checks = promotion.images.map((bump) => ({
    service: service.name,
    from: options.from,
    to: options.to,
    repository: imageRepository(parseImageRef(bump.repository)),
    expected: formatReference({ repository: bump.repository, ...tagOf(bump) }),
  }));
  const notRunning = new Set<string>();
  const result = await compareRendered(plan, outcome, auditOptions, (candidates, envs) =>
    checks.reduce((adjusted, check) => {
      const checked = checkPromotedImages(check, adjusted, envs);
      if (checked.containers === 0) notRunning.add(check.expected);
      return checked.candidates;
    }, candidates),
  );
  const reasons = gateReasons(result, promotion, outcome.errors.length === 0 ? [...notRunning] : []);
  const sourceRender = outcome.rendered.get(overlayKey(source));
  const context = sourceRender
    ? { service, env: options.from, source: sourceRender, repoDir: options.repoDir, tagFile: promotion.source.file, policy: plan.policy }
    : null;
  const requested = options.checks ?? [];
  const extra = await runChecks(requested.map((check) => check.run), context, requested.map((check) => check.name));
  const gateChecks = [parityCheck([...reasons], result.errors), ...extra];
  for (const check of extra) reasons.push(...check.reasons);
  result.errors.push(...checkErrors(extra, service.name, options.from));
  result.gate = {
    service: service.name,
    from: options.from,
    to: options.to,
    tag: promotion.tag ?? promotion.digest ?? null,
    open: reasons.length === 0,
    reasons,
    ...tagOrigin(promotion),
    images: promotion.images.map(gateImage),
    checks: gateChecks,
  };
  return { result, plan: promotion };
}

/** The listed optional options that are set, and only those. */
function pick<K extends keyof GateOptions>(options: GateOptions, ...keys: K[]): Partial<Pick<GateOptions, K>> {
  const picked: Partial<Pick<GateOptions, K>> = {};
  for (const key of keys) if (options[key] !== undefined) picked[key] = options[key];
  return picked;
}

function overlayOf(service: ServiceSpec, env: string): Overlay {
  const overlay = service.overlays[env];
  if (!overlay) throw new ConfigError(`service '${service.name}' has no ${env} overlay`);
  return overlay;
}

/** Where the promoted reference comes from: the source overlay's line, or `--tag` (then no line is claimed). */
function tagOrigin(plan: PromotionPlan): Pick<GateVerdict, 'tagFrom' | 'tagSource'> {
  if (plan.tagFrom === 'flag') return { tagFrom: 'flag' };
  return { tagFrom: 'source', tagSource: { file: plan.source.file, ...(plan.source.line ? { line: plan.source.line } : {}) } };
}

function gateImage(bump: ImageBump): GateImage {
  return {
    image: bump.image,
    tag: bump.tag ?? null,
    digest: bump.digest ?? null,
    currentTag: bump.currentTag,
    currentDigest: bump.currentDigest,
    action: bump.action,
  };
}

function tagOf(plan: { tag?: string; digest?: string }): { tag?: string; digest?: string } {
  return { ...(plan.tag ? { tag: plan.tag } : {}), ...(plan.digest ? { digest: plan.digest } : {}) };
}

interface RenderInputs {
  source: Overlay;
  target: Overlay;
  targetChain: RenderedOverlay['chain'];
  promotion: PromotionPlan;
  options: AuditOptions;
}

interface CurrentRenders {
  source?: RenderedOverlay;
  target?: RenderedOverlay;
  /** Why the source did not render (the target's own failure shows in its post-bump render). */
  sourceErrors: RenderOutcome['errors'];
}

/**
 * The source and the target as they are, through audit's render path (batched, cached): the
 * source is what the gate compares, the target's images tell what an overlay without an
 * `images:` entry runs today.
 */
async function renderCurrent(renderer: Renderer, inputs: Pick<RenderInputs, 'source' | 'target' | 'options'>): Promise<CurrentRenders> {
  const { source, target, options } = inputs;
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
 * The source as it is, the target as it will be after every bump (a private copy, rendered
 * through the same cached path, keyed by the copy's content); failures become result errors.
 */
async function renderAfter(renderer: Renderer, inputs: RenderInputs, current: CurrentRenders): Promise<RenderOutcome> {
  const { source, target, targetChain, promotion, options } = inputs;
  const rendered = new Map<string, RenderedOverlay>();
  const errors: RenderOutcome['errors'] = [...current.sourceErrors];
  if (current.source) rendered.set(overlayKey(source), current.source);
  try {
    const after = await renderAfterBump(promotion, {
      repoDir: options.repoDir,
      chain: targetChain,
      renderer,
      overlayDir: target.relDir,
      renderCopy: (overlays, root) => renderCopies(overlays, root, renderer, options),
    });
    rendered.set(overlayKey(target), { ...after, overlay: target, chain: targetChain, preRendered: false });
  } catch (error) {
    errors.push(toResultError(error, target));
  }
  return { rendered, errors };
}

function gateReasons(result: AuditResult, promotion: PromotionPlan, notRunning: string[]): string[] {
  const reasons = result.errors.map((error) => `${error.code} ${error.env ?? ''}: ${error.message.split('\n')[0]}`);
  if (!promotion.effective) {
    const why = promotion.reasons.length ? `: ${promotion.reasons.join('; ')}` : ' (an override elsewhere wins)';
    reasons.push(`setting the tag in ${promotion.file} would not make ${promotion.to} run the promoted image${why}`);
  }
  for (const image of notRunning) reasons.push(`no container in ${promotion.from} runs the promoted image ${image}`);
  for (const finding of result.findings.filter((item) => item.blocking)) reasons.push(reasonOf(finding));
  return reasons;
}

function reasonOf(finding: Finding): string {
  const resource = finding.resource ? ` ${finding.resource.kind} ${finding.resource.name}` : '';
  return `${finding.code}${resource}${finding.path ? ` ${finding.path}` : ''}`;
}
