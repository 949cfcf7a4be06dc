/**
 * Live drift of one service in one environment: every rendered object against the cluster.
 * A missing object is LIVE_MISSING; each differing field is one LIVE_DRIFT candidate naming
 * the field manager that last set it. A failed call throws (LiveError): parity never reports
 * a cluster it could not fully read as clean.
 */
import pLimit from 'p-limit';
import type { LiveMissingArgs } from '../finding-args.js';
import type { Candidate, K8sObject, ResourceRef } from '../types.js';
import { compareLive, type LiveDifference } from './compare-live.js';
import type { KubeClient } from './kube.js';
import { attributeField } from './managed-fields.js';

export interface LiveDriftInput {
  service: string;
  env: string;
  /** Rendered objects, names as rendered (prefix/suffix/hash kept: that is what the cluster holds). */
  desired: K8sObject[];
  /** The overlay's namespace, for objects that carry none. */
  namespace?: string;
  client: KubeClient;
  /** The kubeconfig context, named in every candidate. */
  context: string;
  /** Parallel API calls (default 8). */
  concurrency?: number;
  /** Which differences of this object to leave out (Argo CD's ignoreDifferences); null: none. */
  ignore?: (desired: K8sObject, live: K8sObject) => ((segments: readonly string[]) => boolean) | null;
}

/**
 * Candidate values are keyed `<env>` (the repo's desired value) and `<env> (live)` (the
 * cluster's), e.g. `{"production": 3, "production (live)": 5}`; a side without a value is left out.
 */
export function liveValueKey(env: string): string {
  return `${env} (live)`;
}

export async function findLiveDrift(input: LiveDriftInput): Promise<Candidate[]> {
  const limit = pLimit(input.concurrency ?? 8);
  const perObject = await Promise.all(input.desired.map((object) => limit(() => driftOfObject(input, object))));
  return perObject.flat();
}

async function driftOfObject(input: LiveDriftInput, desired: K8sObject): Promise<Candidate[]> {
  const { client } = input;
  const served = await client.resolve(desired.apiVersion, desired.kind);
  const namespace = served?.namespaced ? (desired.metadata.namespace ?? input.namespace ?? client.namespace) : undefined;
  if (!served) return [missing(input, desired, namespace, 'kind-not-served')];
  const live = await client.get({
    apiVersion: desired.apiVersion,
    kind: desired.kind,
    name: desired.metadata.name,
    ...(namespace !== undefined ? { namespace } : {}),
  });
  if (!live) return [missing(input, desired, namespace, 'not-found')];
  const ignored = input.ignore?.(desired, live);
  return compareLive(desired, live)
    .filter((difference) => !ignored?.(difference.segments))
    .map((difference) => driftCandidate(input, { desired, live, namespace }, difference));
}

function resourceRef(object: K8sObject): ResourceRef {
  return { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name };
}

function missing(input: LiveDriftInput, desired: K8sObject, namespace: string | undefined, reason: LiveMissingArgs['reason']): Candidate {
  return {
    code: 'LIVE_MISSING',
    service: input.service,
    envs: [input.env],
    resource: resourceRef(desired),
    path: null,
    segments: [],
    values: {},
    args: { context: input.context, ...(namespace !== undefined ? { namespace } : {}), reason },
  };
}

interface ObjectPair {
  desired: K8sObject;
  live: K8sObject;
  namespace: string | undefined;
}

function driftCandidate(input: LiveDriftInput, { desired, live, namespace }: ObjectPair, difference: LiveDifference): Candidate {
  const owner = attributeField(live, difference.segments);
  const values: Record<string, unknown> = {};
  if (difference.desired !== undefined) values[input.env] = difference.desired;
  if (difference.live !== undefined) values[liveValueKey(input.env)] = difference.live;
  return {
    code: 'LIVE_DRIFT',
    service: input.service,
    envs: [input.env],
    resource: resourceRef(desired),
    path: difference.path,
    segments: difference.segments,
    values,
    args: {
      context: input.context,
      ...(namespace !== undefined ? { namespace } : {}),
      change: difference.change,
      ...(owner
        ? { manager: owner.manager, operation: owner.operation, time: owner.time, attribution: owner.exact ? 'field' : 'parent' }
        : {}),
    },
  };
}
