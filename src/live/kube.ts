/**
 * The live-cluster edge: one client per kubeconfig context. Everything else in src/live takes a
 * KubeClient, so tests drive the core against a fake API server with a generated kubeconfig.
 */
import { KubeConfig } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import type { z } from 'zod';
import { LiveError } from '../errors.js';
import type { K8sObject } from '../types.js';
import { checkAnswer, coreVersionsShape, groupListShape, listShape, objectShape, resourceListShape } from './answer-shapes.js';
import { createTransport, describeCall, type Transport } from './kube-transport.js';
import { acceptPlainHttp } from './plain-http.js';

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
  /** Deadline of each request, body included (default 60s, like `--timeout`). */
  timeoutMs?: number;
  /** Talk plain HTTP to a server that is not on loopback (`--allow-insecure-http`). */
  allowInsecureHttp?: boolean;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export function createKubeClient(options: KubeClientOptions = {}): KubeClient {
  const kc = acceptPlainHttp(loadKubeConfig(options), options.allowInsecureHttp ?? false);
  const transport = createTransport(kc, kc.getCurrentContext(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
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
      const path = objectPath(served, ref.namespace ?? defaultNamespace, ref.name);
      const body = await transport.getJson(path);
      if (body === null) return null;
      return checkAnswer(objectShape, body, { what: `a ${ref.kind} object`, call: describeCall(path, {}), context: transport.context }) as K8sObject;
    },
    list: async (apiVersion, kind, namespace, labelSelector) => {
      const served = await mustResolve(apiVersion, kind);
      const path = objectPath(served, namespace);
      const query: Record<string, string> = labelSelector ? { labelSelector } : {};
      const body = await transport.getJson(path, query);
      if (!body) throw new LiveError(`GET ${path} (context ${transport.context}): 404 NotFound`);
      const list = checkAnswer(listShape, body, { what: `a ${kind} list with items`, call: describeCall(path, query), context: transport.context });
      return list.items.map((item) => ({ apiVersion, kind, ...item }) as K8sObject);
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

function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** The kinds served under one group-version, or null when the cluster does not serve it. */
async function fetchResourceList(transport: Transport, apiVersion: string): Promise<ServedKind[] | null> {
  const path = groupVersionPath(apiVersion);
  const answer = await transport.getJson(path);
  if (!answer) return null;
  const body = checkAnswer(resourceListShape, answer, { what: 'an APIResourceList', call: describeCall(path, {}), context: transport.context });
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  return body.resources
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
  const core = await readDiscovery(transport, '/api', coreVersionsShape, 'an APIVersions document');
  const groups = await readDiscovery(transport, '/apis', groupListShape, 'an APIGroupList');
  const apiVersions = [
    ...(core?.versions ?? []),
    ...(groups?.groups ?? []).flatMap((g) => g.versions.map((v) => v.groupVersion)),
  ];
  const limit = pLimit(8);
  const lists = await Promise.all(apiVersions.map((apiVersion) => limit(() => kindsOf(apiVersion))));
  return lists.flatMap((list) => list ?? []);
}

async function readDiscovery<T>(transport: Transport, path: string, shape: z.ZodType<T>, what: string): Promise<T | null> {
  const body = await transport.getJson(path);
  return body === null ? null : checkAnswer(shape, body, { what, call: describeCall(path, {}), context: transport.context });
}

function objectPath(served: ServedKind, namespace?: string, name?: string): string {
  const parts = [groupVersionPath(served.apiVersion)];
  if (served.namespaced && namespace) parts.push('namespaces', encodeURIComponent(namespace));
  parts.push(served.resource);
  if (name !== undefined) parts.push(encodeURIComponent(name));
  return parts.join('/');
}
