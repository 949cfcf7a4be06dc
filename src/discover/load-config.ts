import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Document } from 'yaml';
import { ConfigError } from '../errors.js';
import type { ParityConfig, ServiceConfig } from '../types.js';
import { parseYaml } from '../yaml/parse-yaml.js';
import {
  configFileSchema,
  DEFAULT_ENVIRONMENTS,
  DEFAULT_LAYOUT,
  DEFAULT_POLICY_DIR,
  type ConfigFile,
} from './config-schema.js';
import { formatKeyPath, keyLineAt, lineAt, locateIssues } from './locate-issue.js';
import { CONFIG_NAMES } from './find-repo.js';
import { normalizeHelm } from './normalize-helm.js';
import { repoBounds, requireInside } from '../util/repo-bounds.js';
import { normalizeRepoPath, toRepoRelative } from './repo-path.js';


/**
 * Reads parity.config.yaml in three steps: parse (YAML with lines), validate (zod, strict),
 * normalize (defaults, clean repo-relative paths). No config file → the documented defaults.
 * `configFile` is resolved against the working directory when relative. The config file, and
 * every policy path it lists, must really be inside the repo (symlinks resolved) or an allowed root.
 */
export async function loadConfig(repoDir: string, configFile?: string, options: { allowRoots?: readonly string[] } = {}): Promise<ParityConfig> {
  const path = configFile === undefined ? await findConfigFile(repoDir) : resolve(configFile);
  if (path === null) return defaultConfig(repoDir);
  const display = toRepoRelative(repoDir, path);
  const bounds = await repoBounds(repoDir, options.allowRoots);
  const real = await requireInside(bounds, path, `config file '${display}'`, { file: display });
  const text = await readConfigText(real, display);
  const parsed = parseYaml(text, display);
  const raw = parsed?.value ?? {};
  const result = configFileSchema.safeParse(raw);
  if (!result.success) {
    const [first] = locateIssues(result.error.issues, parsed!.document, text, raw);
    throw new ConfigError(first!.message, first!.line ? { file: display, line: first!.line } : { file: display });
  }
  const source = { file: display, text, document: parsed?.document };
  const lineOf = (path: ReadonlyArray<string | number>): number | undefined => (parsed ? keyLineAt(parsed.document, text, path) : undefined);
  const config = await checkPolicyPaths(repoDir, normalizeConfig(result.data, display, lineOf), source);
  for (const policy of config.policies) await requireInside(bounds, join(resolve(repoDir), policy), `policy path '${policy}'`, { file: display });
  return config;
}

async function findConfigFile(repoDir: string): Promise<string | null> {
  for (const name of CONFIG_NAMES) {
    const path = join(resolve(repoDir), name);
    if (await isKind(path, 'file')) return path;
  }
  return null;
}

async function readConfigText(path: string, display: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'config file not found' : `cannot read config file: ${code ?? String(error)}`;
    throw new ConfigError(reason, { file: display });
  }
}

async function defaultConfig(repoDir: string): Promise<ParityConfig> {
  const hasPolicies = await isKind(join(resolve(repoDir), DEFAULT_POLICY_DIR), 'directory');
  return {
    file: null,
    environments: [...DEFAULT_ENVIRONMENTS],
    layout: DEFAULT_LAYOUT,
    services: [],
    policies: hasPolicies ? [DEFAULT_POLICY_DIR] : [],
    defaultPolicy: true,
  };
}

interface NormalizedConfig {
  config: ParityConfig;
  /** `policies` was not written: `policies/` applies only when it exists. */
  implicitPolicies: boolean;
}

type LineOf = (path: ReadonlyArray<string | number>) => number | undefined;

function normalizeConfig(raw: ConfigFile, file: string, lineOf: LineOf): NormalizedConfig {
  const services: ServiceConfig[] = (raw.services ?? []).map((service, index) => ({
    name: service.name,
    overlays: Object.fromEntries(Object.entries(service.overlays ?? {}).map(([env, dir]) => [env, normalizeRepoPath(dir)])),
    ...(service.envs ? { envs: service.envs } : {}),
    ...(service.helm ? { helm: normalizeHelm(service.helm, service.name, lineOf(['services', index, 'helm'])) } : {}),
  }));
  const config: ParityConfig = {
    file,
    environments: raw.environments ?? [...DEFAULT_ENVIRONMENTS],
    layout: raw.layout !== undefined ? normalizeRepoPath(raw.layout) : raw.services ? null : DEFAULT_LAYOUT,
    services,
    policies: (raw.policies ?? [DEFAULT_POLICY_DIR]).map(normalizeRepoPath),
    defaultPolicy: raw.defaultPolicy ?? true,
  };
  return { config, implicitPolicies: raw.policies === undefined };
}

/** Listed policy paths must exist; the implicit `policies/` is dropped when absent. */
async function checkPolicyPaths(repoDir: string, normalized: NormalizedConfig, source: ConfigSource): Promise<ParityConfig> {
  const { config, implicitPolicies } = normalized;
  const present: string[] = [];
  for (const [index, path] of config.policies.entries()) {
    if (await isKind(join(resolve(repoDir), path), 'any')) present.push(path);
    else if (!implicitPolicies) throw missingPolicy(source, path, index);
  }
  return { ...config, policies: present };
}

interface ConfigSource {
  file: string;
  text: string;
  document: Document | undefined;
}

function missingPolicy(source: ConfigSource, path: string, index: number): ConfigError {
  const line = source.document ? lineAt(source.document, source.text, ['policies', index]) : undefined;
  const message = `${formatKeyPath(['policies', index])}: policy path '${path}' does not exist`;
  return new ConfigError(message, line ? { file: source.file, line } : { file: source.file });
}

async function isKind(path: string, kind: 'file' | 'directory' | 'any'): Promise<boolean> {
  try {
    const info = await stat(path);
    return kind === 'any' || (kind === 'file' ? info.isFile() : info.isDirectory());
  } catch {
    // ENOENT, ENOTDIR or EACCES: not there, as far as discovery can tell.
    return false;
  }
}
