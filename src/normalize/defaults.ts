/**
 * The API server's defaults of the core kinds: a field set to its default in one environment
 * and absent in the other is no difference, so fields holding their default (and empty maps or
 * lists where empty means absent) are removed before the diff sees them.
 *
 * Built-in kinds (core, `apps`, `batch`) are covered, and a few widely used custom resources
 * whose own CRD schema (`default:`) or API reference declares a field's default (CRD_SPEC). Every
 * other custom resource's fields (Helm-style values embedded in a CRD) stay as written: their
 * defaults are unknown to parity.
 */
import { isPlainObject } from '../util/is-plain-object.js';
import type { K8sObject } from '../types.js';
import { apiGroup } from './resource-key.js';

type Holder = Record<string, unknown>;
/** Marks a field whose empty map or list means the same as its absence. */
const EMPTY = Symbol('empty');
/** A field's default: a scalar, a map of defaults (compared field by field), EMPTY, or a function of the object holding it. */
type FieldDefault = string | number | boolean | typeof EMPTY | FieldTable | ((holder: Holder) => unknown);
interface FieldTable {
  readonly [field: string]: FieldDefault;
}

const METADATA: FieldTable = { labels: EMPTY, annotations: EMPTY };

const POD_SPEC: FieldTable = {
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
  dnsPolicy: 'ClusterFirst',
  schedulerName: 'default-scheduler',
  securityContext: EMPTY,
  volumes: EMPTY,
  initContainers: EMPTY,
  imagePullSecrets: EMPTY,
  tolerations: EMPTY,
  nodeSelector: EMPTY,
  affinity: EMPTY,
};

const CONTAINER: FieldTable = {
  imagePullPolicy: (container) => defaultPullPolicy(container.image),
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  securityContext: EMPTY,
  resources: EMPTY,
  env: EMPTY,
  envFrom: EMPTY,
  ports: EMPTY,
  volumeMounts: EMPTY,
  args: EMPTY,
  command: EMPTY,
};

const CONTAINER_PORT: FieldTable = { protocol: 'TCP' };

const SERVICE_SPEC: FieldTable = { type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster' };

const SERVICE_PORT: FieldTable = { protocol: 'TCP', targetPort: (port) => port.port };

/** The spec defaults of each workload kind (`apps`, `batch`). */
const WORKLOAD_SPEC: Readonly<Record<string, FieldTable>> = {
  Deployment: {
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
  },
  StatefulSet: {
    revisionHistoryLimit: 10,
    podManagementPolicy: 'OrderedReady',
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
  },
  DaemonSet: {
    revisionHistoryLimit: 10,
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
  },
  ReplicaSet: {},
  Job: { backoffLimit: 6 },
  CronJob: { concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 },
};

/**
 * Spec defaults of custom resources, by API group and kind (any served version). Each value is
 * declared by the project itself, checked against its sources (fluxcd/helm-controller,
 * fluxcd/kustomize-controller, fluxcd/source-controller at their 2026 main branches):
 * - `schema`: a `default:` in the CRD's OpenAPI schema (config/crd/bases/*.yaml);
 * - `docs`: the API reference (docs/spec/<version>/<kinds>.md) or the field's doc comment in the CRD says
 *   "Defaults to ..." or, for `suspend`, that `false` and an absent field mean the same.
 */
const CRD_SPEC: Readonly<Record<string, Readonly<Record<string, FieldTable>>>> = {
  'helm.toolkit.fluxcd.io': {
    HelmRelease: {
      suspend: false, // docs: "Defaults to false"
      // docs (Test configuration): tests run only when `.spec.test.enable` is set to true
      test: { enable: false },
      chart: { spec: { version: '*', reconcileStrategy: 'ChartVersion' } }, // schema
      install: { remediation: { retries: 0, remediateLastFailure: false } }, // docs
      upgrade: {
        remediation: {
          retries: 0, // docs
          strategy: 'rollback', // docs
          // docs: "Defaults to false unless .retries is greater than 0"
          remediateLastFailure: (remediation) => Number(remediation.retries ?? 0) > 0,
        },
      },
      uninstall: { deletionPropagation: 'background' }, // schema
    },
  },
  'kustomize.toolkit.fluxcd.io': {
    Kustomization: {
      suspend: false, // docs: "Defaults to false"
      force: false, // schema
      wait: false, // docs: "Defaults to false"
    },
  },
  'source.toolkit.fluxcd.io': {
    GitRepository: { suspend: false, timeout: '60s' }, // docs (Suspend); schema (timeout)
    HelmRepository: { suspend: false, provider: 'generic' }, // docs (Suspend); schema (provider)
  },
};

/** Where each kind keeps its pod template. */
const POD_TEMPLATE: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

const BUILT_IN_API_VERSIONS = new Set(['v1', 'apps/v1', 'batch/v1']);

/**
 * Removes, in place, every field of a built-in object that holds the API server's default,
 * and empty labels/annotations of any object.
 */
export function dropDefaultValues(object: K8sObject): void {
  for (const [holder, table] of defaultScopes(object)) dropFields(holder, table);
}

/** `IfNotPresent`, or `Always` for an image without a tag or tagged `latest` (and no digest). */
export function defaultPullPolicy(image: unknown): string | undefined {
  if (typeof image !== 'string') return undefined;
  if (image.includes('@')) return 'IfNotPresent';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastPart.indexOf(':');
  const tag = colon === -1 ? '' : lastPart.slice(colon + 1);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** The objects of `object` that hold defaults, each with its table. */
function defaultScopes(object: K8sObject): Array<[Holder, FieldTable]> {
  const scopes: Array<[Holder, FieldTable]> = [];
  if (isPlainObject(object.metadata)) scopes.push([object.metadata, METADATA]);
  const spec = object.spec;
  if (!isPlainObject(spec)) return scopes;
  const crdSpec = CRD_SPEC[apiGroup(object.apiVersion)]?.[object.kind];
  if (crdSpec) scopes.push([spec, crdSpec]);
  if (BUILT_IN_API_VERSIONS.has(object.apiVersion)) scopes.push(...builtInScopes(object, spec));
  return scopes;
}

function builtInScopes(object: K8sObject, spec: Holder): Array<[Holder, FieldTable]> {
  const scopes: Array<[Holder, FieldTable]> = [];
  if (object.kind === 'Service') scopes.push([spec, SERVICE_SPEC], ...items(spec.ports, SERVICE_PORT));
  const workload = WORKLOAD_SPEC[object.kind];
  if (workload && object.apiVersion !== 'v1') scopes.push([spec, workload]);
  if (object.kind === 'CronJob' && isPlainObject(spec.jobTemplate)) scopes.push(...jobScopes(spec.jobTemplate.spec));
  const template = POD_TEMPLATE[object.kind];
  if (template && (object.kind === 'Pod') === (object.apiVersion === 'v1')) scopes.push(...podScopes(at(object, template)));
  return scopes;
}

function jobScopes(jobSpec: unknown): Array<[Holder, FieldTable]> {
  return isPlainObject(jobSpec) ? [[jobSpec, WORKLOAD_SPEC.Job!]] : [];
}

/** A pod template (or a Pod): its metadata, its spec, its containers and their ports. */
function podScopes(pod: unknown): Array<[Holder, FieldTable]> {
  if (!isPlainObject(pod)) return [];
  const scopes: Array<[Holder, FieldTable]> = [];
  if (isPlainObject(pod.metadata)) scopes.push([pod.metadata, METADATA]);
  const spec = pod.spec;
  if (!isPlainObject(spec)) return scopes;
  scopes.push([spec, POD_SPEC]);
  for (const list of [spec.containers, spec.initContainers]) {
    for (const [container] of items(list, CONTAINER)) scopes.push(...items(container.ports, CONTAINER_PORT), [container, CONTAINER]);
  }
  return scopes;
}

function items(list: unknown, table: FieldTable): Array<[Holder, FieldTable]> {
  return Array.isArray(list) ? list.filter(isPlainObject).map((item) => [item, table]) : [];
}

function at(object: K8sObject, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (isPlainObject(node) ? node[key] : undefined), object);
}

function dropFields(holder: Holder, table: FieldTable): void {
  for (const [field, fieldDefault] of Object.entries(table)) {
    if (field in holder && isDefault(holder[field], fieldDefault, holder)) delete holder[field];
  }
}

function isDefault(value: unknown, fieldDefault: FieldDefault, holder: Holder): boolean {
  if (fieldDefault === EMPTY) return isEmpty(value);
  if (typeof fieldDefault === 'function') return sameScalar(value, fieldDefault(holder));
  if (typeof fieldDefault === 'object') {
    if (!isPlainObject(value)) return false;
    dropFields(value, fieldDefault);
    return Object.keys(value).length === 0;
  }
  return sameScalar(value, fieldDefault);
}

function isEmpty(value: unknown): boolean {
  return value === null || (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0);
}

/** `30` and `"30"` are the same default; an absent default (`undefined`) matches nothing. */
function sameScalar(value: unknown, expected: unknown): boolean {
  if (expected === undefined || value === null || typeof value === 'object') return false;
  return value === expected || String(value) === String(expected);
}
