import type { K8sObject, RenderedOverlay } from '../types.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every container image a render runs (regular and init containers of every pod template), as written. */
export function renderedImages(rendered: RenderedOverlay | undefined): string[] {
  if (!rendered) return [];
  return [...new Set(rendered.resources.flatMap((object) => podSpecs(object).flatMap(containerImages)))];
}

function podSpecs(object: K8sObject): Json[] {
  const spec = (object as Json).spec;
  if (!isObject(spec)) return [];
  if (object.kind === 'Pod') return [spec];
  const template = object.kind === 'CronJob' ? dig(spec, ['jobTemplate', 'spec', 'template']) : spec.template;
  return isObject(template) && isObject(template.spec) ? [template.spec] : [];
}

function dig(value: unknown, keys: string[]): unknown {
  return keys.reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), value);
}

function containerImages(podSpec: Json): string[] {
  return ['initContainers', 'containers'].flatMap((field) => {
    const list = podSpec[field];
    if (!Array.isArray(list)) return [];
    return list.flatMap((container: unknown) => (isObject(container) && typeof container.image === 'string' ? [container.image] : []));
  });
}
