import { compare } from '../pipeline/compare.js';
import { planAudit, type AuditOptions, type AuditPlan } from '../pipeline/plan.js';
import { overlayKey } from '../pipeline/render.js';
import { ConfigError } from '../errors.js';
import type { GateReason } from '../reason-args.js';
import { formatGateReason } from '../report/messages.js';
import { isHelmOverlay } from '../helm/render-environment.js';
import type { ImageBump, PromotionPlan } from '../bump/plan.js';
import type { AuditResult, GateCheck, GateImage, GateVerdict, Overlay, ServiceSpec } from '../types.js';
import { checkErrors, parityCheck, runChecks, type GateCheckRunner } from './checks/run-checks.js';
import { prepareHelmGate } from './helm-gate.js';
import { prepareKustomizeGate } from './kustomize-gate.js';
import type { PrepareInputs, PreparedGate } from './prepared.js';

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
  /**
   * How the service and its environments are found: default `planAudit` (parity.config.yaml or
   * the Argo CD Applications). Whatever it yields — Kustomize overlays or Helm environments —
   * the gate promotes.
   */
  planAudit?: (options: AuditOptions) => Promise<AuditPlan>;
}

export interface GateOutcome {
  result: AuditResult;
  /** The promotion the gate judged; null when it could not be planned (then the gate is closed). */
  plan: PromotionPlan | null;
}

/**
 * `parity gate`: reads the tag the source runs (its kustomization chain's `images:` entry, or a
 * Helm environment's merged values), renders the target as it will be after the bump (without
 * touching the working tree), and classifies source vs target-after with the policy. Closed on
 * any blocking finding, render failure, or promotion that would not take effect.
 */
export async function gate(options: GateOptions): Promise<GateOutcome> {
  if (options.from === options.to) throw new ConfigError(`--from and --to are both '${options.from}'`);
  const auditOptions: AuditOptions = { ...options, services: [options.service], envs: [options.from, options.to], pairs: `${options.from}:${options.to}` };
  const plan = await (options.planAudit ?? planAudit)(auditOptions);
  const service = plan.services[0]!;
  const prepared = await prepare({
    service: service.name,
    from: options.from,
    to: options.to,
    source: overlayOf(service, options.from),
    target: overlayOf(service, options.to),
    renderer: plan.renderer,
    requireImmutableTags: plan.policy.requireImmutableTags,
    ...pick(options, 'tag', 'image'),
    options: auditOptions,
  });
  const { promotion, outcome } = prepared;
  const compared = await compare(plan, outcome, auditOptions, { promotedImages: prepared.checks });
  const notRunning = [...new Set(compared.imagesRunning.filter((image) => image.containers === 0).map((image) => image.expected))];
  const audited = compared.result;
  const coded = gateReasons(audited, promotion, outcome.errors.length === 0 ? notRunning : []);
  if (outcome.errors.length === 0) coded.push(...prepared.reasons);
  const reasons = coded.map(formatGateReason);
  const sourceRender = outcome.rendered.get(overlayKey(prepared.source));
  const context = sourceRender
    ? { service, env: options.from, source: sourceRender, repoDir: options.repoDir, tagFile: promotion.source.file, policy: plan.policy }
    : null;
  const requested = options.checks ?? [];
  const extra = await runChecks(requested.map((check) => check.run), context, requested.map((check) => check.name));
  const gateChecks = [parityCheck(reasons, audited.errors), ...extra];
  const allReasons = [...reasons, ...extra.flatMap((check) => check.reasons)];
  const verdict: GateVerdict = {
    service: service.name,
    from: options.from,
    to: options.to,
    tag: promotion.tag ?? promotion.digest ?? null,
    open: allReasons.length === 0,
    reasons: allReasons,
    ...tagOrigin(promotion),
    images: promotion.images.map(gateImage),
    checks: gateChecks,
  };
  const result: AuditResult = { ...audited, errors: [...audited.errors, ...checkErrors(extra, service.name, options.from)], gate: verdict };
  return { result, plan: promotion };
}

/** A Helm environment promotes through its values, a Kustomize overlay through its `images:` entry; never one into the other. */
async function prepare(inputs: PrepareInputs): Promise<PreparedGate & { source: Overlay }> {
  const { source, target } = inputs;
  if (isHelmOverlay(source) && isHelmOverlay(target)) return { ...(await prepareHelmGate({ ...inputs, source, target })), source };
  if (isHelmOverlay(source) || isHelmOverlay(target)) {
    const helm = isHelmOverlay(source) ? inputs.from : inputs.to;
    throw new ConfigError(`service '${inputs.service}' is a Helm chart in ${helm} but a Kustomize overlay in ${helm === inputs.from ? inputs.to : inputs.from}; parity promotes between environments of one kind`);
  }
  return { ...(await prepareKustomizeGate(inputs)), source };
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

/** Why the comparison closes the gate: errors, a promotion that would not take effect, an image no container runs, blocking findings. */
function gateReasons(result: AuditResult, promotion: PromotionPlan, notRunning: string[]): GateReason[] {
  const reasons: GateReason[] = result.errors.map((error) => ({
    code: 'GATE_RUN_ERROR',
    args: { error: error.code, env: error.env ?? null, message: error.message.split('\n')[0] ?? '' },
  }));
  if (!promotion.effective) {
    reasons.push({ code: 'GATE_NOT_EFFECTIVE', args: { file: promotion.file, to: promotion.to, why: promotion.reasons } });
  }
  for (const image of notRunning) reasons.push({ code: 'GATE_IMAGE_NOT_RUNNING', args: { env: promotion.from, image } });
  for (const finding of result.findings.filter((item) => item.blocking)) {
    reasons.push({ code: 'GATE_BLOCKING_FINDING', args: { finding: finding.code, resource: finding.resource, path: finding.path } });
  }
  return reasons;
}
