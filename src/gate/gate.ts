import { compareRendered, planAudit, overlayKey, type AuditOptions, type RenderOutcome } from '../audit/audit.js';
import { toResultError } from '../audit/result-error.js';
import { ConfigError } from '../errors.js';
import { formatReference } from '../promote/image-chain.js';
import { planPromotion, type PromotionPlan } from '../promote/plan.js';
import { readPromotedImage } from '../promote/read-tag.js';
import { renderAfterBump } from '../promote/render-after.js';
import { readKustomizationChain } from '../render/read-chain.js';
import { renderOverlays } from '../render/render-overlays.js';
import { imageRepository, parseImageRef } from '../rules/index.js';
import type { AuditResult, Finding, GateCheck, Overlay, RenderedOverlay, ServiceSpec } from '../types.js';
import { checkErrors, parityCheck, runChecks, type GateCheckRunner } from './checks/run-checks.js';
import { checkPromotedImages } from './promoted-images.js';

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
  const promotion = planPromotion({
    service: service.name,
    from: options.from,
    to: options.to,
    source: sourceChain,
    target: targetChain,
    requireImmutableTags: plan.policy.requireImmutableTags,
    ...pick(options, 'tag', 'image'),
  });
  const outcome = await renderBoth(plan.renderer, { source, target, targetChain, promotion, options });
  const promoted = readPromotedImage(sourceChain, options.image, service.name);
  const repository = imageRepository(parseImageRef(promoted.newName ?? promoted.name));
  const expected = formatReference({ repository: promoted.newName ?? promoted.name, ...tagOf(promotion) });
  let containers = 0;
  const result = await compareRendered(plan, outcome, auditOptions, (candidates, envs) => {
    const checked = checkPromotedImages(
      { service: service.name, from: options.from, to: options.to, repository, expected },
      candidates,
      envs,
    );
    containers = checked.containers;
    return checked.candidates;
  });
  const reasons = gateReasons(result, promotion, outcome.errors.length === 0 && containers === 0 ? expected : null);
  const sourceRender = outcome.rendered.get(overlayKey(source));
  const context = sourceRender
    ? { service, env: options.from, source: sourceRender, repoDir: options.repoDir, tagFile: promotion.source.file, policy: plan.policy }
    : null;
  const requested = options.checks ?? [];
  const extra = await runChecks(requested.map((check) => check.run), context, requested.map((check) => check.name));
  const checks = [parityCheck([...reasons], result.errors), ...extra];
  for (const check of extra) reasons.push(...check.reasons);
  result.errors.push(...checkErrors(extra, service.name, options.from));
  result.gate = {
    service: service.name,
    from: options.from,
    to: options.to,
    tag: promotion.tag ?? promotion.digest ?? null,
    open: reasons.length === 0,
    reasons,
    tagSource: { file: promotion.source.file, ...(promotion.source.line ? { line: promotion.source.line } : {}) },
    checks,
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

function tagOf(plan: PromotionPlan): { tag?: string; digest?: string } {
  return { ...(plan.tag ? { tag: plan.tag } : {}), ...(plan.digest ? { digest: plan.digest } : {}) };
}

interface RenderInputs {
  source: Overlay;
  target: Overlay;
  targetChain: RenderedOverlay['chain'];
  promotion: PromotionPlan;
  options: GateOptions;
}

/** The source as it is, the target as it will be after the bump; failures become result errors. */
async function renderBoth(renderer: Parameters<typeof renderOverlays>[1], inputs: RenderInputs): Promise<RenderOutcome> {
  const { source, target, targetChain, promotion, options } = inputs;
  const rendered = new Map<string, RenderedOverlay>();
  const errors: RenderOutcome['errors'] = [];
  const [sourceRender] = await renderOverlays([source], renderer, {
    repoDir: options.repoDir,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  if (sourceRender instanceof Error) errors.push(toResultError(sourceRender, source));
  else rendered.set(overlayKey(source), sourceRender!);
  try {
    const after = await renderAfterBump(promotion, {
      repoDir: options.repoDir,
      chain: targetChain,
      renderer,
      overlayDir: target.relDir,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    rendered.set(overlayKey(target), { ...after, overlay: target, chain: targetChain, preRendered: false });
  } catch (error) {
    errors.push(toResultError(error as Error, target));
  }
  return { rendered, errors };
}

function gateReasons(result: AuditResult, promotion: PromotionPlan, notRunning: string | null): string[] {
  const reasons = result.errors.map((error) => `${error.code} ${error.env ?? ''}: ${error.message.split('\n')[0]}`);
  if (!promotion.effective) {
    const why = promotion.reasons.length ? `: ${promotion.reasons.join('; ')}` : ' (an override elsewhere wins)';
    reasons.push(`setting the tag in ${promotion.file} would not make ${promotion.to} run the promoted image${why}`);
  }
  if (notRunning) reasons.push(`no container in ${promotion.from} runs the promoted image ${notRunning}`);
  for (const finding of result.findings.filter((item) => item.blocking)) reasons.push(reasonOf(finding));
  return reasons;
}

function reasonOf(finding: Finding): string {
  const resource = finding.resource ? ` ${finding.resource.kind} ${finding.resource.name}` : '';
  return `${finding.code}${resource}${finding.path ? ` ${finding.path}` : ''}`;
}
