import { isPlainObject } from '../../util/is-plain-object.js';
import type { NormalizedResource } from '../../types.js';
import type { EnvIndex } from './env-index.js';
import type { Claim } from './types.js';
import { getIn, itemSegments, type ContainerRef, type Workload } from './workloads.js';

/** A variable a container sees: an `env` entry or a key of an envFrom'd ConfigMap. */
export interface ContainerVar {
  name: string;
  /** The resolved string value (configMapKeyRef resolved), or the raw `valueFrom` object. */
  value: unknown;
  declared: { resource: NormalizedResource; segments: string[] };
  claims: Claim[];
}

/** The container's variables, `env` overriding envFrom'd keys as Kubernetes does. */
export function containerVars(index: EnvIndex, workload: Workload, container: ContainerRef): ContainerVar[] {
  const vars = new Map<string, ContainerVar>();
  for (const entry of envFromVars(index, container)) vars.set(entry.name, entry);
  for (const entry of envVars(index, workload, container)) vars.set(entry.name, entry);
  return [...vars.values()];
}

function envVars(index: EnvIndex, workload: Workload, container: ContainerRef): ContainerVar[] {
  const env = container.spec.env;
  if (!Array.isArray(env)) return [];
  const names = itemSegments('env', env);
  return env.flatMap((item, i) => {
    if (!isPlainObject(item) || typeof item.name !== 'string') return [];
    const segments = [...container.segments, 'env', names[i]!];
    const value = 'value' in item ? item.value : resolveValueFrom(index, item.valueFrom);
    return [{ name: item.name, value, declared: { resource: workload.resource, segments }, claims: [{ resourceKey: workload.resource.key, segments }] }];
  });
}

function envFromVars(index: EnvIndex, container: ContainerRef): ContainerVar[] {
  const sources = container.spec.envFrom;
  if (!Array.isArray(sources)) return [];
  return sources.flatMap((source) => {
    const name = getIn(source, ['configMapRef', 'name']);
    const configMap = typeof name === 'string' ? index.find('ConfigMap', name) : undefined;
    const data = configMap?.object.data;
    if (!configMap || !isPlainObject(data)) return [];
    const prefix = String(getIn(source, ['prefix']) ?? '');
    return Object.entries(data).map(([key, value]) => {
      const segments = ['data', key];
      return { name: `${prefix}${key}`, value, declared: { resource: configMap, segments }, claims: [{ resourceKey: configMap.key, segments }] };
    });
  });
}

/** `configMapKeyRef` resolves to the ConfigMap's value; anything else stays the raw reference. */
function resolveValueFrom(index: EnvIndex, valueFrom: unknown): unknown {
  const name = getIn(valueFrom, ['configMapKeyRef', 'name']);
  const key = getIn(valueFrom, ['configMapKeyRef', 'key']);
  if (typeof name !== 'string' || typeof key !== 'string') return valueFrom;
  return getIn(index.find('ConfigMap', name)?.object, ['data', key]) ?? valueFrom;
}
