import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { HelmServiceConfig, Overlay, ParityConfig, ServiceSpec } from '../types.js';
import { NAME_PATTERN } from './config-schema.js';
import { expandLayout, type LayoutMatch } from './expand-layout.js';
import { helmOverlay } from './helm-service.js';
import { unknownNameMessage } from './closest-name.js';
import { repoBounds, requireInside, type RepoBounds } from '../util/repo-bounds.js';

export interface ServiceFilter {
  services?: string[];
  envs?: string[];
}

/**
 * The services to audit and their overlays, environments in promotion order, sorted by name.
 * Services come from expanding the config's layout over the repo and from its explicit list
 * (a listed service replaces a discovered one of the same name).
 * Nothing is dropped silently: an environment asked for with `--env` that a service lacks is a
 * ConfigError, and an environment other services have but this one lacks (and its config does
 * not leave out) is recorded in `missingEnvs` for the audit to report.
 */
export async function discoverServices(
  repoDir: string,
  config: ParityConfig,
  filter: ServiceFilter = {},
  options: { allowRoots?: readonly string[] } = {},
): Promise<ServiceSpec[]> {
  checkFilterNames(config, filter);
  const root = resolve(repoDir);
  const bounds = await repoBounds(root, options.allowRoots);
  const all = await findServices(root, config, bounds);
  const known = all.map((service) => service.name);
  for (const name of filter.services ?? []) {
    if (!known.includes(name)) throw unknownName(config, 'service', name, known);
  }
  const inUse = new Set(all.flatMap((service) => [...service.overlays.keys()]));
  const wanted = filter.services ? all.filter((service) => filter.services!.includes(service.name)) : all;
  const specs: ServiceSpec[] = [];
  for (const service of wanted) {
    const spec = await toSpec({ root, bounds, config, inUse }, service, filter.envs);
    if (spec) specs.push(spec);
  }
  return specs.sort((a, b) => compare(a.name, b.name));
}

/** Validates filter names before anything touches the file system. */
function checkFilterNames(config: ParityConfig, filter: ServiceFilter): void {
  for (const name of filter.services ?? []) {
    if (!NAME_PATTERN.test(name)) throw new ConfigError(`invalid service name '${name}'`, configLocation(config));
  }
  for (const env of filter.envs ?? []) {
    if (!config.environments.includes(env)) throw unknownName(config, 'env', env, config.environments);
  }
}

interface FoundService {
  name: string;
  /** env → repo-relative dir. */
  overlays: Map<string, string>;
  explicit: boolean;
  /** The environments the config says the service runs in; undefined = all. */
  envs?: string[];
  /** Set for a service configured with `helm:` (every overlay is then its chart directory). */
  helm?: HelmServiceConfig;
}

/**
 * The layout's services (when it has a `{service}` placeholder) and the listed ones; a listed
 * service replaces a discovered one of the same name. A layout without `{service}` only finds
 * the overlays of listed services.
 */
async function findServices(root: string, config: ParityConfig, bounds: RepoBounds): Promise<FoundService[]> {
  const listed = await listedServices(root, config, bounds);
  if (!config.layout?.includes('{service}')) return listed;
  const names = new Set(listed.map((service) => service.name));
  const discovered = groupByService(await expandLayout(root, config.layout, config.environments, { bounds }), false);
  return [...discovered.filter((service) => !names.has(service.name)), ...listed];
}

async function listedServices(root: string, config: ParityConfig, bounds: RepoBounds): Promise<FoundService[]> {
  const found: FoundService[] = [];
  for (const service of config.services) {
    const envs = service.envs ? { envs: service.envs } : {};
    if (service.helm) {
      const chart = service.helm.chart;
      const overlays = new Map((service.envs ?? config.environments).map((env) => [env, chart]));
      found.push({ name: service.name, overlays, explicit: true, ...envs, helm: service.helm });
    } else if (Object.keys(service.overlays).length > 0) {
      found.push({ name: service.name, overlays: new Map(Object.entries(service.overlays)), explicit: true, ...envs });
    } else {
      const layoutEnvs = service.envs ?? config.environments;
      const matches = await expandLayout(root, config.layout!, layoutEnvs, { fixed: { service: service.name }, bounds });
      found.push({ name: service.name, overlays: new Map(matches.map((m) => [m.env, m.relDir])), explicit: false, ...envs });
    }
  }
  return found;
}

function groupByService(matches: LayoutMatch[], explicit: boolean): FoundService[] {
  const byName = new Map<string, FoundService>();
  for (const match of matches) {
    const service = byName.get(match.service) ?? { name: match.service, overlays: new Map(), explicit };
    if (!service.overlays.has(match.env)) service.overlays.set(match.env, match.relDir);
    byName.set(match.service, service);
  }
  return [...byName.values()];
}

interface SpecContext {
  root: string;
  bounds: RepoBounds;
  config: ParityConfig;
  /** Environments at least one service has an overlay for. */
  inUse: Set<string>;
}

async function toSpec(ctx: SpecContext, service: FoundService, envFilter: string[] | undefined): Promise<ServiceSpec | null> {
  const expected = (env: string): boolean => !service.envs || service.envs.includes(env);
  const asked = (env: string): boolean => !envFilter || envFilter.includes(env);
  const lacking = (envFilter ?? []).filter((env) => expected(env) && !service.overlays.has(env));
  if (lacking.length > 0) throw lacksEnv(ctx.config, service, lacking);
  const envs = ctx.config.environments.filter((env) => service.overlays.has(env) && asked(env));
  if (envs.length === 0) return null;
  const overlays: Record<string, Overlay> = {};
  for (const env of envs) overlays[env] = await toOverlay(ctx, service, env);
  const missing = ctx.config.environments.filter((env) => asked(env) && expected(env) && ctx.inUse.has(env) && !service.overlays.has(env));
  return { name: service.name, envs, overlays, ...(missing.length > 0 ? { missingEnvs: missing } : {}) };
}

/** The overlay of one environment; its directory is the real path (symlinks followed, kept inside the repo). */
async function toOverlay(ctx: SpecContext, service: FoundService, env: string): Promise<Overlay> {
  if (service.helm) return helmOverlay({ root: ctx.root, bounds: ctx.bounds, file: ctx.config.file ?? '' }, service.name, service.helm, env);
  const relDir = service.overlays.get(env)!;
  const path = join(ctx.root, relDir);
  if (service.explicit && !(await isDirectory(path))) {
    throw new ConfigError(`overlay directory '${relDir}' of service '${service.name}' (${env}) does not exist`, configLocation(ctx.config));
  }
  const dir = await requireInside(ctx.bounds, path, `overlay directory '${relDir}' of service '${service.name}' (${env})`, configLocation(ctx.config));
  return { service: service.name, env, dir, relDir };
}

function lacksEnv(config: ParityConfig, service: FoundService, lacking: string[]): ConfigError {
  const has = config.environments.filter((env) => service.overlays.has(env));
  const list = has.length > 0 ? has.join(', ') : 'none';
  return new ConfigError(
    `service '${service.name}' has no overlay for ${lacking.join(', ')} (it has: ${list}); ` +
      'leave the environment out with `--service`, or list the service\'s `envs:` in parity.config.yaml',
    configLocation(config),
  );
}

function unknownName(config: ParityConfig, what: 'service' | 'env', name: string, known: readonly string[]): ConfigError {
  return new ConfigError(unknownNameMessage(what, name, known), configLocation(config));
}

function configLocation(config: ParityConfig): { file?: string } {
  return config.file ? { file: config.file } : {};
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
