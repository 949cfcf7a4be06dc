import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { listKustomizationRefs, objects, strings } from '../chain/kustomization-refs.js';
import type { ChainNode, ChainWalk } from '../chain/walk-chain.js';

/** Kinds Kustomize never puts in a namespace: their ids ignore the chain's namespace. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'StorageClass',
  'PersistentVolume', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService', 'IngressClass',
  'RuntimeClass', 'ClusterIssuer', 'Node', 'CSIDriver', 'VolumeSnapshotClass',
]);

export interface PredictContext {
  /** Parsed `(kind, namespace, name)` triples per resource file, shared across overlays of a run. */
  files: Map<string, Promise<Array<[string, string, string]>>>;
}

export function createPredictContext(): PredictContext {
  return { files: new Map() };
}

/**
 * The resource ids an overlay will most likely produce (`kind|namespace|name`), read from the
 * chain's resource files and generators with the chain's namespace, prefix and suffix applied.
 * A guess used only to keep overlays whose ids might collide out of the same batch: a wrong
 * guess costs a retry, never a wrong render.
 */
export async function predictIds(walk: ChainWalk, ctx: PredictContext): Promise<Set<string>> {
  const ids = new Set<string>();
  const root = walk.root;
  if (!root) return ids;
  const namespace = firstNamespace(walk.nodes);
  const prefix = strings(root.kustomization.data.namePrefix)[0] ?? '';
  const suffix = strings(root.kustomization.data.nameSuffix)[0] ?? '';
  for (const node of walk.nodes) {
    for (const [kind, ns, name] of await nodeResources(node, ctx)) {
      const scope = CLUSTER_SCOPED.has(kind) ? '' : (namespace ?? ns);
      ids.add(`${kind}|${scope}|${prefix}${name}${suffix}`);
    }
  }
  return ids;
}

function firstNamespace(nodes: ChainNode[]): string | undefined {
  for (const node of nodes) {
    const namespace = strings(node.kustomization.data.namespace)[0];
    if (namespace) return namespace;
  }
  return undefined;
}

async function nodeResources(node: ChainNode, ctx: PredictContext): Promise<Array<[string, string, string]>> {
  const data = node.kustomization.data;
  const files = listKustomizationRefs(data)
    .filter((ref) => ref.field === 'resources' || ref.field === 'bases')
    .map((ref) => resolve(node.dir, ref.path));
  const parsed = await Promise.all(files.map((file) => resourcesOfFile(file, ctx)));
  return [...parsed.flat(), ...generated(data.configMapGenerator, 'ConfigMap'), ...generated(data.secretGenerator, 'Secret')];
}

/**
 * Kustomize keys generated objects by their name before the hash suffix, so two overlays that
 * generate `app-config` into one namespace collide in a batch even though their final names differ.
 */
function generated(value: unknown, kind: string): Array<[string, string, string]> {
  return objects(value).flatMap((entry) => {
    const name = strings(entry.name)[0];
    return name ? [[kind, strings(entry.namespace)[0] ?? '', name] as [string, string, string]] : [];
  });
}

/** The `(kind, namespace, name)` of each document of a resource file, parsed once per run. */
export function resourcesOfFile(path: string, ctx: PredictContext): Promise<Array<[string, string, string]>> {
  let found = ctx.files.get(path);
  if (!found) {
    found = readResources(path);
    ctx.files.set(path, found);
  }
  return found;
}

/** A directory (another kustomization) or an unreadable file yields nothing: it is walked as its own node. */
async function readResources(path: string): Promise<Array<[string, string, string]>> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return [];
  return parseAllDocuments(text).flatMap((doc) => {
    const value = doc.errors.length === 0 ? (doc.toJS({ maxAliasCount: 100 }) as unknown) : null;
    return idOf(value);
  });
}

function idOf(value: unknown): Array<[string, string, string]> {
  if (typeof value !== 'object' || value === null) return [];
  const { kind, metadata } = value as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (typeof kind !== 'string' || typeof metadata?.name !== 'string') return [];
  return [[kind, typeof metadata.namespace === 'string' ? metadata.namespace : '', metadata.name]];
}
