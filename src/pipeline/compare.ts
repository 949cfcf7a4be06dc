import { performance } from 'node:perf_hooks';
import { resolvePairs } from '../discover/resolve-pairs.js';
import { envTokens } from '../normalize/env-tokens.js';
import { normalizeOverlay } from '../normalize/normalize-overlay.js';
import { classify } from '../policy/classify.js';
import { wordFinding } from '../report/word-finding.js';
import { checkAllPromotedImages, type PromotedImageCheck } from '../rules/promoted-images.js';
import { createSourceLocator } from '../source/locate-source.js';
import type { AuditResult, Candidate, EnvResources, RenderedOverlay, ServiceSpec } from '../types.js';
import { buildResult, unionPairs } from './build-result.js';
import { compareService } from './compare-service.js';
import { coverageCandidates, emptyServiceErrors } from './coverage.js';
import { locateSources } from './locate-sources.js';
import type { AuditOptions, AuditPlan } from './plan.js';
import { overlayKey, type RenderOutcome } from './render.js';
import { renderersUsed } from './renderers-used.js';
import { valuesView } from './values-view.js';


/** What a gate asks the comparison to hold besides the audit's rules. */
export interface GateInvariants {
  /** Every image the target must run after the bump. */
  promotedImages: PromotedImageCheck[];
}

/** A comparison's result, and what it saw of the gate's invariants. */
export interface Comparison {
  result: AuditResult;
  /** Per promoted image (its expected reference, in the order asked), how many source containers run it. */
  imagesRunning: Array<{ expected: string; containers: number }>;
}

/** Everything after rendering: normalize, match, diff, rules, sources, policy. */
export async function compareRendered(plan: AuditPlan, outcome: RenderOutcome, options: AuditOptions): Promise<AuditResult> {
  return (await compare(plan, outcome, options)).result;
}

/** compareRendered, holding the gate's invariants too (then the candidate cache is not used: cached candidates never saw them). */
export async function compare(plan: AuditPlan, outcome: RenderOutcome, options: AuditOptions, invariants?: GateInvariants): Promise<Comparison> {
  const started = performance.now();
  const compared = await compareOnce(plan, outcome, options, invariants);
  const cachedServices = outcome.hits && !invariants ? outcome.hits.candidates : null;
  options.onPhase?.({ phase: 'compare', ms: performance.now() - started, services: plan.services.length, findings: compared.result.findings.length, cachedServices });
  return compared;
}

async function compareOnce(plan: AuditPlan, outcome: RenderOutcome, options: AuditOptions, invariants: GateInvariants | undefined): Promise<Comparison> {
  const services = servicePairs(plan, options.pairs ?? 'chain');
  const compared: Candidate[] = [];
  const normalized: EnvResources[] = [];
  const cache = invariants ? undefined : outcome.candidateCache?.({ endpoints: plan.policy.endpoints });
  const fresh = new Map<ServiceSpec, Candidate[]>();
  services.forEach(({ service, pairs }) => {
    const cached = cache?.get(service, pairs);
    if (cached) {
      compared.push(...cached);
      return;
    }
    const envs = normalizeService(service, outcome.rendered);
    normalized.push(...envs.values());
    const own = compareService({
      service: service.name,
      envs,
      pairs,
      tokens: tokensOf(service, outcome.rendered),
      endpoints: plan.policy.endpoints,
    });
    fresh.set(service, own);
    compared.push(...own);
  });
  compared.push(...(await applicationCandidates(plan, services)));
  const checked = checkAllPromotedImages(invariants?.promotedImages ?? [], compared, normalized);
  const locator = createSourceLocator(options.repoDir, { kustomizations: outcome.kustomizations });
  const located = locateSources(checked.candidates, normalized, locator);
  const locatedOf = new Map(checked.candidates.map((candidate, index) => [candidate, located[index]!]));
  const rendered = (service: string, env: string) => outcome.rendered.get(overlayKey({ service, env }));
  const candidates = [...located, ...plan.services.flatMap((service) => coverageCandidates(service, rendered, plan.config))];
  if (cache) {
    for (const { service, pairs } of services) {
      const own = fresh.get(service);
      if (own) cache.put(service, pairs, own.map((candidate) => locatedOf.get(candidate) ?? candidate));
    }
    cache.flush();
  }
  const pairs = unionPairs(services.map((entry) => entry.pairs), plan.config.environments);
  const findings = classify(candidates, plan.policy, {
    now: options.now ?? new Date(),
    failOn: options.failOn ?? 'error',
    audited: { services: plan.services.map((service) => service.name), pairs },
  }).map(wordFinding);
  const values = valuesView(services, locator, findings);
  const result = buildResult({
    renderer: plan.renderer.info,
    renderers: renderersUsed(plan.renderer.info, outcome.rendered.values()),
    ...(values.length ? { values } : {}),
    services: plan.services,
    pairs,
    findings,
    errors: [...outcome.errors, ...emptyServiceErrors(plan.services, rendered)],
    renders: outcome.rendered.size,
    withoutBuildMetadata: withoutBuildMetadata(outcome.rendered),
  });
  return { result, imagesRunning: checked.running };
}

/** Kustomize overlays that rendered without build metadata, in render order. */
function withoutBuildMetadata(rendered: Map<string, RenderedOverlay>): NonNullable<AuditResult['withoutBuildMetadata']> {
  return [...rendered.values()].flatMap(({ overlay, preRendered, originsUnavailable }) =>
    !preRendered && originsUnavailable ? [{ service: overlay.service, env: overlay.env, reason: originsUnavailable }] : [],
  );
}

/** What the Argo CD Applications mapped to each service say (none without `--argocd`: the module is not loaded). */
async function applicationCandidates(plan: AuditPlan, services: ReadonlyArray<{ service: ServiceSpec; pairs: Array<[string, string]> }>): Promise<Candidate[]> {
  if (plan.applications.length === 0) return [];
  const { auditApplications } = await import('../argocd/audit-applications.js');
  return services.flatMap(({ service, pairs }) =>
    auditApplications(
      plan.applications.filter((app) => app.service === service.name),
      pairs,
    ),
  );
}

/**
 * The env pairs each service is compared on. `chain` links the neighbours among the
 * environments the service has; `all` and explicit pairs are validated against the config's
 * environments, then kept for the services that have both sides.
 */
/** Each service with the environment pairs it is compared across. */
function servicePairs(plan: AuditPlan, spec: string): Array<{ service: ServiceSpec; pairs: Array<[string, string]> }> {
  if (spec === 'chain') return plan.services.map((service) => ({ service, pairs: resolvePairs(service.envs, 'chain') }));
  const pairs = resolvePairs(plan.config.environments, spec);
  return plan.services.map((service) => ({ service, pairs: pairs.filter(([a, b]) => service.envs.includes(a) && service.envs.includes(b)) }));
}

function normalizeService(service: ServiceSpec, rendered: Map<string, RenderedOverlay>): Map<string, EnvResources> {
  const envs = new Map<string, EnvResources>();
  for (const env of service.envs) {
    const overlay = rendered.get(overlayKey({ service: service.name, env }));
    if (!overlay) continue;
    envs.set(env, normalizeOverlay(overlay, { tokens: envTokens(env, overlay.chain.namespace) }));
  }
  return envs;
}

function tokensOf(service: ServiceSpec, rendered: Map<string, RenderedOverlay>): Map<string, string[]> {
  const tokens = new Map<string, string[]>();
  for (const env of service.envs) {
    const overlay = rendered.get(overlayKey({ service: service.name, env }));
    tokens.set(env, envTokens(env, overlay?.chain.namespace));
  }
  return tokens;
}
