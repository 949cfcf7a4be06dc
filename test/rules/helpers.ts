/**
 * Builders for the plain data the rules stage receives: normalized resources per environment,
 * pairs by key, and their differences as the audit computes them (src/diff/).
 */
import { diffResources } from '../../src/diff/index.js';
import type { EnvTokenPair } from '../../src/normalize/equivalence.js';
import type { Difference, EnvResources, K8sObject, NormalizedResource, ResourcePair } from '../../src/types.js';

function normalized(object: K8sObject): NormalizedResource {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0]! : '';
  const key = `${group}/${object.kind}/${object.metadata.name}`;
  return { key, group, kind: object.kind, apiVersion: object.apiVersion, name: object.metadata.name, renderedName: object.metadata.name, object };
}

export function envResources(env: string, objects: K8sObject[], service = 'payments-service'): EnvResources {
  return {
    service,
    env,
    overlay: { service, env, dir: `/repo/apps/${service}/overlays/${env}`, relDir: `apps/${service}/overlays/${env}` },
    chain: { files: [], images: [], inputs: [], remotes: [] },
    resources: objects.map(normalized),
  };
}

function pairByKey(left: EnvResources, right: EnvResources): ResourcePair[] {
  const keys = [...new Set([...left.resources, ...right.resources].map((r) => r.key))].sort();
  return keys.map((key) => {
    const pair: ResourcePair = { key };
    const l = left.resources.find((r) => r.key === key);
    const r = right.resources.find((x) => x.key === key);
    if (l) pair.left = l;
    if (r) pair.right = r;
    return pair;
  });
}

/**
 * The whole pair context the audit would pass: pairs by key, differences of every paired
 * resource from the real differ (with no env tokens unless given, so values differ as written).
 */
export function pairContext(
  left: { env: string; objects: K8sObject[] },
  right: { env: string; objects: K8sObject[] },
  endpoints: Array<{ host: string; requires: 'mtls' | 'tls' }> = [],
  tokens: EnvTokenPair = { left: [], right: [] },
) {
  const l = envResources(left.env, left.objects);
  const r = envResources(right.env, right.objects);
  const pairs = pairByKey(l, r);
  const differences = new Map<string, Difference[]>();
  for (const pair of pairs) {
    if (pair.left && pair.right) differences.set(pair.key, diffResources(pair.left.object, pair.right.object, { tokens }));
  }
  return {
    service: 'payments-service',
    left: l,
    right: r,
    pairs,
    differences,
    policy: { endpoints: endpoints.map((e) => ({ ...e, declared: { file: 'policies/default.yaml' } })) },
  };
}

type Json = Record<string, unknown>;

/** A Deployment with one container; `container` and `pod` are merged into the defaults. */
export function deployment(name: string, container: Json, pod: Json = {}, template: Json = {}): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, ...template },
        spec: { containers: [{ name, image: `ghcr.io/example/${name}:1.4.2`, ...container }], ...pod },
      },
    },
  };
}
