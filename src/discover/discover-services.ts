import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { Overlay, ParityConfig, ServiceSpec } from '../types.js';
import { NAME_PATTERN } from './config-schema.js';
import { expandLayout, type LayoutMatch } from './expand-layout.js';

export interface ServiceFilter {
  services?: string[];
  envs?: string[];
}

/**
 * The services to audit and their overlays, environments in promotion order, sorted by name.
 * Services come from the config's explicit list or from expanding its layout over the repo.
 */
export async function discoverServices(
  repoDir: string,
  config: ParityConfig,
  filter: ServiceFilter = {},
): Promise<ServiceSpec[]> {
  checkFilterNames(config, filter);
  const root = resolve(repoDir);
  const all = await findServices(root, config);
  const known = all.map((service) => service.name);
  for (const name of filter.services ?? []) {
    if (!known.includes(name)) throw unknownName(config, 'service', name, known);
  }
  const wanted = filter.services ? all.filter((service) => filter.services!.includes(service.name)) : all;
  const specs: ServiceSpec[] = [];
  for (const service of wanted) {
    const spec = await toSpec(root, config, service, filter.envs);
    if (spec) specs.push(spec);
    else if (filter.services) {
      throw new ConfigError(`service '${service.name}' has no overlay for ${filter.envs!.join(', ')}`, configLocation(config));
    }
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
}

async function findServices(root: string, config: ParityConfig): Promise<FoundService[]> {
  if (config.services.length === 0) {
    return groupByService(await expandLayout(root, config.layout!, config.environments), false);
  }
  const found: FoundService[] = [];
  for (const service of config.services) {
    if (Object.keys(service.overlays).length > 0) {
      found.push({ name: service.name, overlays: new Map(Object.entries(service.overlays)), explicit: true });
    } else {
      const matches = await expandLayout(root, config.layout!, config.environments, { service: service.name });
      found.push({ name: service.name, overlays: new Map(matches.map((m) => [m.env, m.relDir])), explicit: false });
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

async function toSpec(
  root: string,
  config: ParityConfig,
  service: FoundService,
  envFilter: string[] | undefined,
): Promise<ServiceSpec | null> {
  const envs = config.environments.filter((env) => service.overlays.has(env) && (!envFilter || envFilter.includes(env)));
  if (envs.length === 0) return null;
  const overlays: Record<string, Overlay> = {};
  for (const env of envs) {
    const relDir = service.overlays.get(env)!;
    const dir = join(root, relDir);
    if (service.explicit && !(await isDirectory(dir))) {
      throw new ConfigError(
        `overlay directory '${relDir}' of service '${service.name}' (${env}) does not exist`,
        configLocation(config),
      );
    }
    overlays[env] = { service: service.name, env, dir, relDir };
  }
  return { name: service.name, envs, overlays };
}

function unknownName(config: ParityConfig, what: 'service' | 'env', name: string, known: readonly string[]): ConfigError {
  const list = known.length > 0 ? known.join(', ') : 'none';
  return new ConfigError(`unknown ${what} '${name}' (known: ${list})`, configLocation(config));
}

function configLocation(config: ParityConfig): { file?: string } {
  return config.file ? { file: config.file } : {};
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
