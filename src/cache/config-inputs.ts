import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { generatorFilePath, isInlineYaml, objects, strings } from '../chain/kustomization-refs.js';
import { displayPath, type ChainNode, type ChainWalk } from '../chain/walk-chain.js';
import { parseYamlDocuments } from '../yaml/parse-yaml.js';

/**
 * What the generator, transformer and validator configs of a chain make Kustomize read: the
 * files their fields name (`files`, `envs`, `path`, `paths`, `replacements[].path`, Helm values
 * and chart home), or, when a config is something parity cannot see through (a KRM function,
 * a legacy plugin, a kind it does not know, unreadable YAML), why the render cannot be cached.
 */
export interface ConfigInputs {
  /** Absolute paths: files, every file of a named directory, and named paths that are absent. */
  paths: string[];
  /** Why the chain reads what parity cannot know; null when every config is understood. */
  opaque: string | null;
}

type Data = Record<string, unknown>;

/** Builtin config kinds and the fields naming files they read; kinds that read none map to no fields. */
const BUILTIN_FILE_FIELDS: Readonly<Record<string, (config: Data) => string[]>> = {
  ConfigMapGenerator: generatorPaths,
  SecretGenerator: generatorPaths,
  PatchTransformer: (config) => strings(config.path),
  PatchJson6902Transformer: (config) => strings(config.path),
  PatchStrategicMergeTransformer: (config) => strings(config.paths).filter((entry) => !isInlineYaml(entry)),
  ReplacementTransformer: (config) => objects(config.replacements).flatMap((entry) => strings(entry.path)),
  HelmChartInflationGenerator: (config) => [
    strings(config.chartHome)[0] ?? 'charts',
    ...strings(config.valuesFile),
    ...strings(config.additionalValuesFiles),
  ],
  AnnotationsTransformer: none,
  LabelTransformer: none,
  NamespaceTransformer: none,
  PrefixSuffixTransformer: none,
  PrefixTransformer: none,
  SuffixTransformer: none,
  ImageTagTransformer: none,
  ReplicaCountTransformer: none,
  HashTransformer: none,
  ValueAddTransformer: none,
  SortOrderTransformer: none,
  IAMPolicyGenerator: none,
};

const FUNCTION_ANNOTATIONS = ['config.kubernetes.io/function', 'config.k8s.io/function'];
const CONFIG_FIELDS = ['generators', 'transformers', 'validators'];

export function configInputs(walk: ChainWalk, repoDir: string): ConfigInputs {
  const paths = new Set<string>();
  for (const node of walk.nodes) {
    for (const config of configsOf(node, walk)) {
      if (typeof config === 'string') return { paths: [], opaque: `${node.file}: ${config}` };
      const opaque = readConfig(config, node.dir, paths);
      if (opaque) return { paths: [], opaque: `${displayPath(config.file, repoDir)}: ${opaque}` };
    }
  }
  return { paths: [...paths].sort(), opaque: null };
}

interface Config {
  data: Data;
  /** Display path of the file holding it (the kustomization for an inline config). */
  file: string;
  dir: string;
}

/** Every config document a kustomization lists, or a string saying why one cannot be read. */
function configsOf(node: ChainNode, walk: ChainWalk): Array<Config | string> {
  const found: Array<Config | string> = [];
  for (const field of CONFIG_FIELDS) {
    for (const entry of strings(node.kustomization.data[field])) {
      if (isInlineYaml(entry)) found.push(...parseDocuments(entry, node.kustomization.path, node.dir));
      else found.push(...configsAt(resolve(node.dir, entry), walk, new Set()));
    }
  }
  return found;
}

/** A config file's documents, or those of each resource of a config kustomization directory. */
function configsAt(path: string, walk: ChainWalk, seen: Set<string>): Array<Config | string> {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return [];
  if (!stats.isDirectory()) return stats.isFile() ? parseFile(path) : ['a generator or transformer config is not a regular file'];
  const node = walk.nodes.find((candidate) => candidate.dir === path);
  if (!node || seen.has(path)) return [];
  seen.add(path);
  return strings(node.kustomization.data.resources).flatMap((entry) => configsAt(resolve(path, entry), walk, seen));
}

function parseFile(path: string): Array<Config | string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return [`a generator or transformer config cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`];
  }
  return parseDocuments(text, path, dirname(path));
}

function parseDocuments(text: string, file: string, dir: string): Array<Config | string> {
  try {
    return parseYamlDocuments(text, file)
      .map((document) => document.value)
      .filter((value): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value))
      .map((data) => ({ data, file, dir }));
  } catch (error) {
    if (error instanceof ConfigError) return [`a generator or transformer config is not valid YAML`];
    throw error;
  }
}

/** Adds what one config reads to `paths`; returns why it is opaque, or null. */
function readConfig(config: Config, kustomizationDir: string, paths: Set<string>): string | null {
  const { data } = config;
  const kind = String(data.kind ?? '');
  if (isFunction(data)) return `${kind || 'a config'} runs a KRM function (exec, container or starlark), whose reads parity cannot know`;
  const fields = data.apiVersion === 'builtin' ? BUILTIN_FILE_FIELDS[kind] : undefined;
  if (!fields) return `${String(data.apiVersion)}/${kind} is a plugin or a config kind parity does not know`;
  // Kustomize resolves a config's paths from the kustomization listing it; its own folder is added for safety.
  for (const entry of fields(data)) {
    for (const base of new Set([kustomizationDir, config.dir])) addPath(resolve(base, entry), paths);
  }
  return null;
}

function isFunction(data: Data): boolean {
  const metadata = objects(data.metadata)[0] ?? {};
  const annotations = objects(metadata.annotations)[0] ?? {};
  return FUNCTION_ANNOTATIONS.some((name) => name in annotations);
}

function addPath(path: string, paths: Set<string>): void {
  paths.add(path);
  paths.add(dirname(path));
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) return;
  for (const entry of listDeep(path)) paths.add(join(path, entry));
}

/** Every entry under a directory; none when it cannot be listed (Kustomize then fails on it too). */
function listDeep(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    return [];
  }
}

function generatorPaths(config: Data): string[] {
  return [...strings(config.files).map(generatorFilePath), ...strings(config.envs), ...strings(config.env)];
}

function none(): string[] {
  return [];
}
