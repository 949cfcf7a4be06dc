/**
 * The live-cluster edge: one client per kubeconfig context. Everything else in src/live takes a
 * KubeClient, so tests drive the core against a fake API server with a generated kubeconfig.
 */
import { KubeConfig } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import { LiveError } from '../errors.js';
import type { K8sObject } from '../types.js';
import { createTransport, type Transport } from './kube-transport.js';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** A kind the cluster serves, from discovery. */
export interface ServedKind {
  /** `apps/v1`, `v1`, `security.istio.io/v1`. */
  apiVersion: string;
  group: string;
  version: string;
  kind: string;
  /** Plural resource name used in URLs (`deployments`). */
  resource: string;
  namespaced: boolean;
  shortNames: string[];
}

export interface KubeClient {
  /** The kubeconfig context in use. */
  readonly context: string;
  /** The API server URL of that context. */
  readonly server: string;
  /** The context's namespace (or `default`): where `get` looks for a namespaced object given none. */
  readonly namespace: string;
  /** Every kind the cluster serves (built-in and custom), subresources excluded. */
  discover(): Promise<ServedKind[]>;
  /** The served kind for apiVersion + kind, or null when the cluster does not serve it. */
  resolve(apiVersion: string, kind: string): Promise<ServedKind | null>;
  /** The object, or null when it does not exist (404). Throws LiveError on any other failure. */
  get(ref: ObjectRef): Promise<K8sObject | null>;
  /** Objects of a kind, in one namespace or (namespace omitted) all of them. */
  list(apiVersion: string, kind: string, namespace?: string, labelSelector?: string): Promise<K8sObject[]>;
}

export interface KubeClientOptions {
  /** Path of a kubeconfig file; default: $KUBECONFIG, then ~/.kube/config. */
  kubeconfig?: string;
  /** Context name; default: the kubeconfig's current context. */
  context?: string;
  /** Per-request timeout (default 30s). */
  timeoutMs?: number;
}

export function createKubeClient(options: KubeClientOptions = {}): KubeClient {
  const kc = loadKubeConfig(options);
  const transport = createTransport(kc, kc.getCurrentContext(), options.timeoutMs ?? 30_000);
  const resourceLists = new Map<string, Promise<ServedKind[] | null>>();
  const kindsOf = (apiVersion: string): Promise<ServedKind[] | null> => {
    let cached = resourceLists.get(apiVersion);
    if (!cached) {
      cached = fetchResourceList(transport, apiVersion);
      resourceLists.set(apiVersion, cached);
      cached.catch(() => resourceLists.delete(apiVersion));
    }
    return cached;
  };
  const resolve = async (apiVersion: string, kind: string): Promise<ServedKind | null> =>
    (await kindsOf(apiVersion))?.find((served) => served.kind === kind) ?? null;
  const mustResolve = async (apiVersion: string, kind: string): Promise<ServedKind> => {
    const served = await resolve(apiVersion, kind);
    if (!served) throw new LiveError(`the cluster of context ${transport.context} does not serve ${kind} (${apiVersion})`);
    return served;
  };
  const defaultNamespace = kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default';
  return {
    context: transport.context,
    server: transport.server,
    namespace: defaultNamespace,
    resolve,
    discover: () => discoverKinds(transport, kindsOf),
    get: async (ref) => {
      const served = await mustResolve(ref.apiVersion, ref.kind);
      const body = await transport.getJson(objectPath(served, ref.namespace ?? defaultNamespace, ref.name));
      return body as K8sObject | null;
    },
    list: async (apiVersion, kind, namespace, labelSelector) => {
      const served = await mustResolve(apiVersion, kind);
      const path = objectPath(served, namespace);
      const body = (await transport.getJson(path, labelSelector ? { labelSelector } : {})) as ListBody | null;
      if (!body) throw new LiveError(`GET ${path} (context ${transport.context}): 404 NotFound`);
      return (body.items ?? []).map((item) => ({ apiVersion, kind, ...item }) as K8sObject);
    },
  };
}

function loadKubeConfig(options: KubeClientOptions): KubeConfig {
  const kc = new KubeConfig();
  const source = options.kubeconfig ?? 'the default kubeconfig';
  try {
    if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
    else kc.loadFromDefault();
  } catch (error) {
    throw new LiveError(`cannot load kubeconfig ${source}: ${firstLine(error)}`);
  }
  if (options.context) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((c) => c.name).join(', ') || 'none';
      throw new LiveError(`context ${options.context} is not in ${source} (contexts: ${known})`);
    }
    kc.setCurrentContext(options.context);
  }
  if (!kc.getCurrentCluster()) {
    throw new LiveError(`context ${kc.getCurrentContext() || '(none)'} in ${source} names no cluster`);
  }
  return kc;
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error).split('\n')[0]!;
}

interface ListBody {
  items?: Array<Record<string, unknown>>;
}

interface ResourceListBody {
  groupVersion?: string;
  resources?: Array<{ name: string; kind: string; namespaced: boolean; shortNames?: string[] }>;
}

function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** The kinds served under one group-version, or null when the cluster does not serve it. */
async function fetchResourceList(transport: Transport, apiVersion: string): Promise<ServedKind[] | null> {
  const body = (await transport.getJson(groupVersionPath(apiVersion))) as ResourceListBody | null;
  if (!body) return null;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  return (body.resources ?? [])
    .filter((r) => !r.name.includes('/'))
    .map((r) => ({
      apiVersion,
      group: group!,
      version: version!,
      kind: r.kind,
      resource: r.name,
      namespaced: r.namespaced,
      shortNames: r.shortNames ?? [],
    }));
}

async function discoverKinds(
  transport: Transport,
  kindsOf: (apiVersion: string) => Promise<ServedKind[] | null>,
): Promise<ServedKind[]> {
  const core = (await transport.getJson('/api')) as { versions?: string[] } | null;
  const groups = (await transport.getJson('/apis')) as { groups?: Array<{ versions?: Array<{ groupVersion: string }> }> } | null;
  const apiVersions = [
    ...(core?.versions ?? []),
    ...(groups?.groups ?? []).flatMap((g) => (g.versions ?? []).map((v) => v.groupVersion)),
  ];
  const limit = pLimit(8);
  const lists = await Promise.all(apiVersions.map((apiVersion) => limit(() => kindsOf(apiVersion))));
  return lists.flatMap((list) => list ?? []);
}

function objectPath(served: ServedKind, namespace?: string, name?: string): string {
  const parts = [groupVersionPath(served.apiVersion)];
  if (served.namespaced && namespace) parts.push('namespaces', encodeURIComponent(namespace));
  parts.push(served.resource);
  if (name !== undefined) parts.push(encodeURIComponent(name));
  return parts.join('/');
}
