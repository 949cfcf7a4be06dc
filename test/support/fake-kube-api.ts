/**
 * A small, faithful stand-in for the Kubernetes API server, for tests: HTTPS on 127.0.0.1 (a
 * self-signed certificate for 127.0.0.1 kept next to this file; kubectl will not send a bearer
 * token over plain HTTP) with the real paths, discovery documents, list kinds, label/field selectors, bearer-token
 * auth and `Status` error bodies. Custom resources are served from the CustomResourceDefinition
 * objects it holds, the way the real API server does. The real `kubectl` can read from it.
 * With `plainHttp` it answers like `kubectl proxy` in front of a cluster: plain HTTP, and a
 * request without a token acts as the user the proxy authenticates as.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { parseYamlDocuments } from '../../src/yaml/parse-yaml.js';

interface ApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

interface GroupVersion {
  group: string;
  version: string;
  resources: ApiResource[];
}

/** A request the fake refuses with 403, e.g. `{ resource: 'secrets', namespace: 'production' }`. */
export interface ForbiddenRule {
  resource: string;
  group?: string;
  namespace?: string;
  verb?: 'get' | 'list';
}

export interface FakeKubeApiOptions {
  /** Objects the cluster holds (CustomResourceDefinitions among them define served CRD kinds). */
  objects?: Array<Record<string, unknown>>;
  /** Valid bearer tokens → user names. */
  tokens?: Record<string, string>;
  forbidden?: ForbiddenRule[];
  /** Serve plain HTTP like `kubectl proxy`: requests without a token act as {@link PROXY_USER}. */
  plainHttp?: boolean;
}

/** Who a tokenless request acts as on a plain-HTTP fake (the identity `kubectl proxy` holds). */
const PROXY_USER = 'system:serviceaccount:ci:kubectl-proxy';

export interface FakeKubeApi {
  url: string;
  port: number;
  /** Every request seen, as `METHOD /path?query`. */
  requests: string[];
  /** Creates or replaces an object (bumps its resourceVersion). */
  upsert(object: Record<string, unknown>): void;
  remove(apiVersion: string, kind: string, name: string, namespace?: string): void;
  setForbidden(rules: ForbiddenRule[]): void;
  close(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
/** The fake server's certificate (CA:TRUE, SAN IP:127.0.0.1), PEM; kubeconfigs trust it as their CA. */
export const FAKE_KUBE_API_CA = readFileSync(join(here, 'fake-kube-api.crt'), 'utf8');
const KEY = readFileSync(join(here, 'fake-kube-api.key'), 'utf8');

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function res(name: string, kind: string, namespaced: boolean, shortNames?: string[]): ApiResource {
  const singularName = kind.toLowerCase();
  return { name, singularName, namespaced, kind, verbs: VERBS, ...(shortNames ? { shortNames } : {}) };
}

function sub(name: string, kind: string, namespaced: boolean): ApiResource {
  return { name, singularName: '', namespaced, kind, verbs: ['get', 'patch', 'update'] };
}

const BUILTIN: GroupVersion[] = [
  {
    group: '',
    version: 'v1',
    resources: [
      res('configmaps', 'ConfigMap', true, ['cm']),
      res('namespaces', 'Namespace', false, ['ns']),
      res('persistentvolumeclaims', 'PersistentVolumeClaim', true, ['pvc']),
      res('pods', 'Pod', true, ['po']),
      res('secrets', 'Secret', true),
      res('serviceaccounts', 'ServiceAccount', true, ['sa']),
      res('services', 'Service', true, ['svc']),
    ],
  },
  {
    group: 'apps',
    version: 'v1',
    resources: [
      res('daemonsets', 'DaemonSet', true, ['ds']),
      res('deployments', 'Deployment', true, ['deploy']),
      sub('deployments/scale', 'Scale', true),
      sub('deployments/status', 'Deployment', true),
      res('replicasets', 'ReplicaSet', true, ['rs']),
      res('statefulsets', 'StatefulSet', true, ['sts']),
      sub('statefulsets/status', 'StatefulSet', true),
    ],
  },
  {
    group: 'batch',
    version: 'v1',
    resources: [res('cronjobs', 'CronJob', true, ['cj']), res('jobs', 'Job', true)],
  },
  {
    group: 'autoscaling',
    version: 'v2',
    resources: [res('horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa'])],
  },
  {
    group: 'policy',
    version: 'v1',
    resources: [res('poddisruptionbudgets', 'PodDisruptionBudget', true, ['pdb'])],
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    resources: [res('ingresses', 'Ingress', true, ['ing']), res('networkpolicies', 'NetworkPolicy', true, ['netpol'])],
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resources: [
      res('clusterrolebindings', 'ClusterRoleBinding', false),
      res('clusterroles', 'ClusterRole', false),
      res('rolebindings', 'RoleBinding', true),
      res('roles', 'Role', true),
    ],
  },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resources: [res('customresourcedefinitions', 'CustomResourceDefinition', false, ['crd', 'crds'])],
  },
];

type Obj = Record<string, unknown> & { metadata: Record<string, unknown> };

interface CrdSpec {
  group: string;
  scope?: string;
  names: { kind: string; plural: string; singular?: string; shortNames?: string[]; categories?: string[] };
  versions?: Array<{ name: string; served?: boolean }>;
}

class ApiState {
  readonly objects = new Map<string, Obj>();
  revision = 100;

  constructor(private readonly opts: FakeKubeApiOptions) {}

  forbidden(): ForbiddenRule[] {
    return this.opts.forbidden ?? [];
  }

  setForbidden(rules: ForbiddenRule[]): void {
    this.opts.forbidden = rules;
  }

  groupVersions(): GroupVersion[] {
    return [...BUILTIN, ...this.crdGroupVersions()];
  }

  private crdGroupVersions(): GroupVersion[] {
    const out: GroupVersion[] = [];
    for (const crd of this.objects.values()) {
      if (crd.kind !== 'CustomResourceDefinition') continue;
      const spec = crd.spec as CrdSpec;
      const names = spec.names;
      for (const v of spec.versions ?? []) {
        if (v.served === false) continue;
        const resource: ApiResource = {
          name: names.plural,
          singularName: names.singular ?? String(names.kind).toLowerCase(),
          namespaced: spec.scope !== 'Cluster',
          kind: names.kind,
          verbs: VERBS,
          ...(names.shortNames ? { shortNames: names.shortNames } : {}),
          ...(names.categories ? { categories: names.categories } : {}),
        };
        const existing = out.find((gv) => gv.group === spec.group && gv.version === v.name);
        if (existing) existing.resources.push(resource);
        else out.push({ group: spec.group, version: v.name, resources: [resource] });
      }
    }
    return out;
  }

  find(group: string, version: string): GroupVersion | undefined {
    return this.groupVersions().find((gv) => gv.group === group && gv.version === version);
  }

  resourceOf(apiVersion: string, kind: string): { group: string; resource: ApiResource } | undefined {
    const [group, version] = splitApiVersion(apiVersion);
    const gvs = this.groupVersions().filter((gv) => gv.group === group && (gv.version === version || version === '*'));
    for (const gv of gvs) {
      const resource = gv.resources.find((r) => r.kind === kind && !r.name.includes('/'));
      if (resource) return { group, resource };
    }
    return undefined;
  }

  upsert(input: Record<string, unknown>): void {
    const object = structuredClone(input) as Obj;
    const found = this.resourceOf(String(object.apiVersion), String(object.kind));
    if (!found) throw new Error(`fake API: no served resource for ${String(object.apiVersion)} ${String(object.kind)}`);
    const meta = object.metadata;
    if (!found.resource.namespaced) delete meta.namespace;
    else meta.namespace ??= 'default';
    this.revision += 1;
    meta.resourceVersion = String(this.revision);
    meta.uid ??= `00000000-0000-4000-8000-${String(this.revision).padStart(12, '0')}`;
    meta.creationTimestamp ??= '2025-01-01T00:00:00Z';
    meta.generation ??= 1;
    this.objects.set(objectKey(found.group, found.resource.name, meta.namespace as string | undefined, String(meta.name)), object);
  }

  remove(apiVersion: string, kind: string, name: string, namespace?: string): void {
    const found = this.resourceOf(apiVersion, kind);
    if (!found) return;
    this.objects.delete(objectKey(found.group, found.resource.name, found.resource.namespaced ? namespace : undefined, name));
  }
}

function objectKey(group: string, resource: string, namespace: string | undefined, name: string): string {
  return `${group}/${resource}/${namespace ?? ''}/${name}`;
}

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

/** Starts the fake API server on 127.0.0.1 and a random port. */
export async function startFakeKubeApi(options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
  const state = new ApiState({ ...options, forbidden: [...(options.forbidden ?? [])] });
  // CRDs first, so the custom resources after them have a served kind.
  const objects = options.objects ?? [];
  for (const object of objects.filter((o) => o.kind === 'CustomResourceDefinition')) state.upsert(object);
  for (const object of objects.filter((o) => o.kind !== 'CustomResourceDefinition')) state.upsert(object);
  const requests: string[] = [];
  const tokens = options.tokens ?? {};
  const anonymous = options.plainHttp ? PROXY_USER : null;
  const listener = (req: IncomingMessage, out: ServerResponse): void => {
    requests.push(`${req.method} ${req.url}`);
    handle(state, tokens, anonymous, req, out);
  };
  const server = options.plainHttp ? createHttpServer(listener) : createServer({ cert: FAKE_KUBE_API_CA, key: KEY }, listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.plainHttp ? 'http' : 'https'}://127.0.0.1:${port}`,
    port,
    requests,
    upsert: (object) => state.upsert(object),
    remove: (apiVersion, kind, name, namespace) => state.remove(apiVersion, kind, name, namespace),
    setForbidden: (rules) => state.setForbidden(rules),
    close: () => closeServer(server),
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

function handle(state: ApiState, tokens: Record<string, string>, anonymous: string | null, req: IncomingMessage, out: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'https://fake');
  const user = req.headers.authorization === undefined && anonymous !== null ? anonymous : authenticate(req, tokens);
  if (user === null) return sendStatus(out, 401, 'Unauthorized', 'Unauthorized');
  if (req.method !== 'GET') return sendStatus(out, 405, 'MethodNotAllowed', `the fake API server only serves GET`);
  const parts = url.pathname.split('/').filter(Boolean);
  if (url.pathname === '/version') return sendJson(out, 200, VERSION);
  if (url.pathname === '/api') return sendJson(out, 200, apiVersions());
  if (url.pathname === '/apis') return sendJson(out, 200, apiGroupList(state));
  if (parts[0] === 'api' && parts[1] === 'v1') return handleGroupVersion(state, user, '', 'v1', parts.slice(2), url, out);
  if (parts[0] === 'apis' && parts.length === 2) return handleGroup(state, parts[1]!, out);
  if (parts[0] === 'apis' && parts.length >= 3) {
    return handleGroupVersion(state, user, parts[1]!, parts[2]!, parts.slice(3), url, out);
  }
  notFoundPage(out);
}

function authenticate(req: IncomingMessage, tokens: Record<string, string>): string | null {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer (.+)$/.exec(header);
  if (!match) return null;
  return tokens[match[1]!] ?? null;
}

const VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-08-13T07:28:49Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function apiVersions(): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
  };
}

function apiGroup(state: ApiState, group: string): Record<string, unknown> | null {
  const versions = state.groupVersions().filter((gv) => gv.group === group);
  if (versions.length === 0) return null;
  const entries = versions.map((gv) => ({ groupVersion: `${group}/${gv.version}`, version: gv.version }));
  return { name: group, versions: entries, preferredVersion: entries[0] };
}

function apiGroupList(state: ApiState): unknown {
  const groups = [...new Set(state.groupVersions().map((gv) => gv.group))].filter((g) => g !== '');
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => apiGroup(state, g)) };
}

function handleGroup(state: ApiState, group: string, out: ServerResponse): void {
  const found = apiGroup(state, group);
  if (!found) return notFoundPage(out);
  sendJson(out, 200, { kind: 'APIGroup', apiVersion: 'v1', ...found });
}

interface Target {
  resource: ApiResource;
  namespace?: string;
  name?: string;
}

function handleGroupVersion(
  state: ApiState,
  user: string,
  group: string,
  version: string,
  rest: string[],
  url: URL,
  out: ServerResponse,
): void {
  const gv = state.find(group, version);
  if (!gv) return notFoundPage(out);
  const groupVersion = group ? `${group}/${version}` : version;
  if (rest.length === 0) {
    return sendJson(out, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: gv.resources });
  }
  const target = resolveTarget(gv, rest);
  if (!target) return notFoundPage(out);
  const verb = target.name === undefined ? 'list' : 'get';
  const denied = state.forbidden().find((rule) => forbids(rule, verb, group, target));
  if (denied) return sendForbidden(out, user, verb, group, target);
  if (target.name === undefined) return sendList(state, out, group, groupVersion, target, url);
  const object = state.objects.get(objectKey(group, target.resource.name, target.namespace, target.name));
  if (!object) return sendNotFound(out, group, target.resource.name, target.name);
  sendJson(out, 200, { ...object, apiVersion: groupVersion });
}

function resolveTarget(gv: GroupVersion, rest: string[]): Target | null {
  const namespacedForm = rest[0] === 'namespaces' && rest.length >= 3;
  const [resourceName, name, extra] = namespacedForm ? rest.slice(2) : rest;
  if (extra !== undefined) return null;
  const resource = gv.resources.find((r) => r.name === resourceName);
  if (!resource) return null;
  if (namespacedForm && !resource.namespaced) return null;
  if (!namespacedForm && resource.namespaced && name !== undefined) return null;
  return {
    resource,
    ...(namespacedForm ? { namespace: rest[1]! } : {}),
    ...(name !== undefined ? { name: decodeURIComponent(name) } : {}),
  };
}

function forbids(rule: ForbiddenRule, verb: 'get' | 'list', group: string, target: Target): boolean {
  return (
    rule.resource === target.resource.name &&
    (rule.group === undefined || rule.group === group) &&
    (rule.namespace === undefined || rule.namespace === target.namespace) &&
    (rule.verb === undefined || rule.verb === verb)
  );
}

function qualified(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

function sendForbidden(out: ServerResponse, user: string, verb: string, group: string, target: Target): void {
  const subject = target.name !== undefined ? `${qualified(group, target.resource.name)} "${target.name}"` : qualified(group, target.resource.name);
  const scope = target.namespace !== undefined ? ` in the namespace "${target.namespace}"` : ' at the cluster scope';
  const message = `${subject} is forbidden: User "${user}" cannot ${verb} resource "${target.resource.name}" in API group "${group}"${scope}`;
  const details = { ...(target.name !== undefined ? { name: target.name } : {}), ...(group ? { group } : {}), kind: target.resource.name };
  sendStatus(out, 403, 'Forbidden', message, details);
}

function sendNotFound(out: ServerResponse, group: string, resource: string, name: string): void {
  const details = { name, ...(group ? { group } : {}), kind: resource };
  sendStatus(out, 404, 'NotFound', `${qualified(group, resource)} "${name}" not found`, details);
}

function sendList(state: ApiState, out: ServerResponse, group: string, groupVersion: string, target: Target, url: URL): void {
  let labelMatch: (labels: Record<string, string>) => boolean;
  let fieldMatch: (object: Obj) => boolean;
  try {
    labelMatch = parseLabelSelector(url.searchParams.get('labelSelector') ?? '');
    fieldMatch = parseFieldSelector(url.searchParams.get('fieldSelector') ?? '');
  } catch (error) {
    return sendStatus(out, 400, 'BadRequest', (error as Error).message);
  }
  const prefix = `${group}/${target.resource.name}/`;
  const isCustom = !BUILTIN.some((gv) => gv.group === group);
  const items = [...state.objects.entries()]
    .filter(([key, object]) => key.startsWith(prefix) && (target.namespace === undefined || object.metadata.namespace === target.namespace))
    .map(([, object]) => object)
    .filter((object) => labelMatch((object.metadata.labels ?? {}) as Record<string, string>) && fieldMatch(object))
    .sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`))
    // Typed lists of built-in kinds carry no apiVersion/kind on their items; custom resources do.
    .map((object) => (isCustom ? { ...object, apiVersion: groupVersion, kind: target.resource.kind } : withoutTypeMeta(object)));
  sendJson(out, 200, {
    kind: `${target.resource.kind}List`,
    apiVersion: groupVersion,
    metadata: { resourceVersion: String(state.revision) },
    items,
  });
}

function withoutTypeMeta(object: Obj): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...object };
  delete copy.apiVersion;
  delete copy.kind;
  return copy;
}

/** Label selectors: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, comma-joined. */
function parseLabelSelector(selector: string): (labels: Record<string, string>) => boolean {
  const requirements = splitRequirements(selector).map(parseRequirement);
  return (labels) => requirements.every((test) => test(labels));
}

function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

const LABEL_KEY = '[A-Za-z0-9._/-]+';

function parseRequirement(text: string): (labels: Record<string, string>) => boolean {
  let m = new RegExp(`^!(${LABEL_KEY})$`).exec(text);
  if (m) return (labels) => !(m![1]! in labels);
  m = new RegExp(`^(${LABEL_KEY})\\s+(in|notin)\\s+\\(([^)]*)\\)$`).exec(text);
  if (m) {
    const [, key, op, list] = m as unknown as [string, string, string, string];
    const values = list.split(',').map((v) => v.trim());
    return op === 'in' ? (labels) => values.includes(labels[key] ?? '\0') : (labels) => !values.includes(labels[key] ?? '\0');
  }
  m = new RegExp(`^(${LABEL_KEY})\\s*(==|=|!=)\\s*([A-Za-z0-9._-]*)$`).exec(text);
  if (m) {
    const [, key, op, value] = m as unknown as [string, string, string, string];
    return op === '!=' ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
  }
  m = new RegExp(`^(${LABEL_KEY})$`).exec(text);
  if (m) return (labels) => m![1]! in labels;
  throw new Error(`unable to parse requirement: ${JSON.stringify(text)}`);
}

const FIELDS: Record<string, (object: Obj) => unknown> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace,
};

function parseFieldSelector(selector: string): (object: Obj) => boolean {
  const tests = splitRequirements(selector).map((text) => {
    const m = /^([A-Za-z.]+)\s*(==|=|!=)\s*(.*)$/.exec(text);
    if (!m) throw new Error(`invalid field selector: ${JSON.stringify(text)}`);
    const [, field, op, value] = m as unknown as [string, string, string, string];
    const read = FIELDS[field];
    if (!read) throw new Error(`"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    return op === '!=' ? (o: Obj) => read(o) !== value : (o: Obj) => read(o) === value;
  });
  return (object) => tests.every((test) => test(object));
}

function sendJson(out: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  out.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  out.end(text);
}

function sendStatus(out: ServerResponse, code: number, reason: string, message: string, details?: Record<string, unknown>): void {
  sendJson(out, code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

function notFoundPage(out: ServerResponse): void {
  out.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  out.end('404 page not found\n');
}

/** Reads every object of a multi-document YAML fixture. */
export function readFixtureObjects(file: string): Array<Record<string, unknown>> {
  return parseYamlDocuments(readFileSync(file, 'utf8'), file).map((doc) => doc.value as Record<string, unknown>);
}

export interface KubeconfigContext {
  name: string;
  server: string;
  token: string;
  namespace?: string;
}

/** Writes a kubeconfig with one cluster, user and context per entry; returns its path. */
export async function writeKubeconfig(dir: string, contexts: KubeconfigContext[], current?: string): Promise<string> {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: contexts.map((c) => ({
      name: `${c.name}-cluster`,
      cluster: { server: c.server, 'certificate-authority-data': Buffer.from(FAKE_KUBE_API_CA).toString('base64') },
    })),
    users: contexts.map((c) => ({ name: `${c.name}-user`, user: { token: c.token } })),
    contexts: contexts.map((c) => ({
      name: c.name,
      context: { cluster: `${c.name}-cluster`, user: `${c.name}-user`, ...(c.namespace ? { namespace: c.namespace } : {}) },
    })),
    'current-context': current ?? contexts[0]?.name ?? '',
  };
  const file = join(dir, 'kubeconfig');
  await writeFile(file, stringify(config), 'utf8');
  return file;
}

/** A kubeconfig like the ones `kubectl proxy` users write: one context per http:// server, no credentials. */
export async function writePlainKubeconfig(dir: string, servers: Record<string, string>): Promise<string> {
  const names = Object.keys(servers);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: names.map((name) => ({ name, cluster: { server: servers[name] } })),
    users: [{ name: 'proxied', user: {} }],
    contexts: names.map((name) => ({ name, context: { cluster: name, user: 'proxied' } })),
    'current-context': names[0] ?? '',
  };
  const file = join(dir, 'kubeconfig');
  await writeFile(file, stringify(config), 'utf8');
  return file;
}
