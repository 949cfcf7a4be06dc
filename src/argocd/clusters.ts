/**
 * The clusters an ApplicationSet's `clusters` generator would see, given offline: a clusters
 * file (a YAML list of `{name, server, labels, annotations}`, what Argo CD's cluster secrets
 * hold) and `--cluster name=server[,label=value...]` options.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { parseYaml } from '../yaml/parse-yaml.js';

export interface Cluster {
  name: string;
  server: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  project?: string;
}

/** The clusters given, or undefined when neither a file nor an option names any. */
export async function loadClusters(file: string | undefined, options: readonly string[] = []): Promise<Cluster[] | undefined> {
  if (file === undefined && options.length === 0) return undefined;
  const clusters = [...(file === undefined ? [] : await readClustersFile(file)), ...options.map(parseClusterOption)];
  const seen = new Set<string>();
  for (const cluster of clusters) {
    if (seen.has(cluster.name)) throw new ConfigError(`cluster '${cluster.name}' is given twice`, file ? { file } : {});
    seen.add(cluster.name);
  }
  return clusters;
}

/** `prod=https://10.0.0.1,env=production,region=eu` → a cluster with two labels. */
export function parseClusterOption(option: string): Cluster {
  const [head = '', ...rest] = option.split(',');
  const [name, server] = splitPair(head);
  if (!name || !server) throw new ConfigError(`--cluster '${option}': expected name=server[,label=value...]`);
  const labels: Record<string, string> = {};
  for (const part of rest) {
    const [key, value] = splitPair(part);
    if (!key || value === undefined) throw new ConfigError(`--cluster '${option}': label '${part}' is not label=value`);
    labels[key] = value;
  }
  return { name, server, labels, annotations: {} };
}

function splitPair(text: string): [string, string | undefined] {
  const eq = text.indexOf('=');
  return eq < 0 ? [text.trim(), undefined] : [text.slice(0, eq).trim(), text.slice(eq + 1).trim()];
}

export async function readClustersFile(file: string): Promise<Cluster[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read clusters file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
  }
  const parsed = parseYaml(text, file)?.value;
  const list = isPlainObject(parsed) ? (parsed.clusters ?? parsed.items) : parsed;
  if (!Array.isArray(list)) throw new ConfigError('clusters file must hold a list of clusters (name, server, labels)', { file });
  return list.map((entry, index) => toCluster(isSecret(entry) ? fromSecret(entry) : entry, `${file}: cluster ${index + 1}`));
}

function isSecret(entry: unknown): entry is Record<string, unknown> {
  return isPlainObject(entry) && entry.kind === 'Secret';
}

/**
 * An Argo CD cluster Secret (`kubectl get secrets -l argocd.argoproj.io/secret-type=cluster -o
 * yaml`): name, server and project from `stringData` or base64 `data`, labels and annotations
 * from its metadata. Its credentials (`config`) are never read.
 */
function fromSecret(secret: Record<string, unknown>): Record<string, unknown> {
  const field = (key: string): string | undefined => {
    const plain = isPlainObject(secret.stringData) ? secret.stringData[key] : undefined;
    if (typeof plain === 'string') return plain;
    const encoded = isPlainObject(secret.data) ? secret.data[key] : undefined;
    return typeof encoded === 'string' ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
  };
  const project = field('project');
  const metadata = isPlainObject(secret.metadata) ? secret.metadata : {};
  // kubectl's last-applied annotation would carry the credentials in plain text.
  const annotations = Object.fromEntries(Object.entries(isPlainObject(metadata.annotations) ? metadata.annotations : {}).filter(([key]) => key !== LAST_APPLIED));
  return { name: field('name'), server: field('server'), labels: metadata.labels, annotations, ...(project ? { project } : {}) };
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A list entry: `{name, server, labels?, annotations?, project?}`, labels also as `metadata.labels`. */
function toCluster(entry: unknown, where: string): Cluster {
  if (!isPlainObject(entry)) throw new ConfigError(`${where} is not a map`);
  const metadata = isPlainObject(entry.metadata) ? entry.metadata : {};
  const name = entry.name;
  const server = entry.server;
  if (typeof name !== 'string' || name === '') throw new ConfigError(`${where} has no name`);
  if (typeof server !== 'string' || server === '') throw new ConfigError(`${where} (${name}) has no server`);
  return {
    name,
    server,
    labels: stringMap(entry.labels ?? metadata.labels, `${where} (${name}) labels`),
    annotations: stringMap(entry.annotations ?? metadata.annotations, `${where} (${name}) annotations`),
    ...(typeof entry.project === 'string' ? { project: entry.project } : {}),
  };
}

function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) throw new ConfigError(`${where} must be a map of strings`);
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') throw new ConfigError(`${where}: '${key}' is not a string`);
    out[key] = String(item);
  }
  return out;
}
