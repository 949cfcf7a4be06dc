import { listItemSegments } from '../../match/list-keys.js';
import { isPlainObject } from '../../util/is-plain-object.js';
import type { NormalizedResource } from '../../types.js';

type Json = Record<string, unknown>;

/** A resource that runs pods, with where its pod spec and pod template metadata live. */
export interface Workload {
  resource: NormalizedResource;
  podSpec: Json;
  podSpecPath: string[];
  podMeta: { labels: Record<string, string>; annotations: Record<string, string> };
  podMetaPath: string[];
}

export interface ContainerRef {
  name: string;
  spec: Json;
  /** Canonical path of the container: `spec.template.spec.containers[name=app]`. */
  segments: string[];
}

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'Rollout']);

function podTemplatePath(kind: string): string[] | null {
  if (TEMPLATE_KINDS.has(kind)) return ['spec', 'template'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template'];
  if (kind === 'Pod') return [];
  return null;
}

export function findWorkloads(resources: readonly NormalizedResource[]): Workload[] {
  const workloads: Workload[] = [];
  for (const resource of resources) {
    const template = podTemplatePath(resource.kind);
    if (template === null) continue;
    const templateValue = template.length === 0 ? resource.object : getIn(resource.object, template);
    if (!isPlainObject(templateValue) || !isPlainObject(templateValue.spec)) continue;
    const meta = isPlainObject(templateValue.metadata) ? templateValue.metadata : {};
    workloads.push({
      resource,
      podSpec: templateValue.spec,
      podSpecPath: [...template, 'spec'],
      podMeta: { labels: stringMap(meta.labels), annotations: stringMap(meta.annotations) },
      podMetaPath: [...template, 'metadata'],
    });
  }
  return workloads;
}

/** Regular and init containers, each with its canonical path. */
export function listContainers(workload: Workload): ContainerRef[] {
  const refs: ContainerRef[] = [];
  for (const field of ['initContainers', 'containers']) {
    const list = workload.podSpec[field];
    if (!Array.isArray(list)) continue;
    const names = itemSegments(field, list);
    list.forEach((spec, i) => {
      if (isPlainObject(spec)) {
        refs.push({ name: String(spec.name ?? i), spec, segments: [...workload.podSpecPath, field, names[i]!] });
      }
    });
  }
  return refs;
}

/** Canonical item segments of a list the way the diff names them. */
export function itemSegments(field: string, list: readonly unknown[]): string[] {
  return listItemSegments(field, list) ?? list.map((_, i) => `[${i}]`);
}

export function getIn(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) current = isPlainObject(current) ? current[key] : undefined;
  return current;
}

export function stringMap(value: unknown): Record<string, string> {
  if (!isPlainObject(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** The value at canonical path segments, list items found by their canonical segment (`[name=web]`, `[0]`). */
export function valueAt(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  let field = '';
  for (const segment of segments) {
    if (Array.isArray(current)) current = current[itemSegments(field, current).indexOf(segment)];
    else current = isPlainObject(current) ? current[segment] : undefined;
    field = segment;
  }
  return current;
}
