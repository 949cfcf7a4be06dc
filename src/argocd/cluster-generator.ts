/**
 * The `clusters` generator over clusters given offline: one parameter set per cluster its
 * `selector` (matchLabels / matchExpressions) accepts, with `name`, `nameNormalized`, `server`,
 * `project`, `metadata.labels.<k>`, `metadata.annotations.<k>` and `values.<k>` (values may use
 * the cluster's own parameters).
 */
import { ConfigError } from '../errors.js';
import { isPlainObject } from '../util/is-plain-object.js';
import type { Cluster } from './clusters.js';

export type Params = Record<string, unknown>;
type Render = (template: unknown, params: Params) => unknown;

export function clusterParams(generator: Record<string, unknown>, clusters: readonly Cluster[], render: Render, where: string): Params[] {
  const accepts = selectorOf(generator.selector, where);
  return clusters.filter((cluster) => accepts(cluster.labels)).map((cluster) => {
    const params = baseParams(cluster);
    const values = isPlainObject(generator.values) ? render(generator.values, params) : {};
    return { ...params, values };
  });
}

function baseParams(cluster: Cluster): Params {
  return {
    name: cluster.name,
    nameNormalized: normalizeName(cluster.name),
    server: cluster.server,
    ...(cluster.project !== undefined ? { project: cluster.project } : {}),
    metadata: { labels: cluster.labels, annotations: cluster.annotations },
  };
}

/** Argo CD's `nameNormalized`: lowercase, anything outside [a-z0-9-.] becomes `-`. */
function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
}

type Selector = (labels: Record<string, string>) => boolean;

/** A Kubernetes label selector; an absent or empty one accepts every cluster. */
export function selectorOf(selector: unknown, where: string): Selector {
  if (selector === undefined || selector === null) return () => true;
  if (!isPlainObject(selector)) throw new ConfigError(`${where}: selector must be a map`);
  const matchLabels = isPlainObject(selector.matchLabels) ? selector.matchLabels : {};
  const expressions = (Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []).map((e) => expressionOf(e, where));
  return (labels) =>
    Object.entries(matchLabels).every(([key, value]) => labels[key] === String(value)) && expressions.every((matches) => matches(labels));
}

function expressionOf(expression: unknown, where: string): Selector {
  if (!isPlainObject(expression) || typeof expression.key !== 'string') throw new ConfigError(`${where}: a matchExpressions entry has no key`);
  const key = expression.key;
  const values = (Array.isArray(expression.values) ? expression.values : []).map(String);
  switch (expression.operator) {
    case 'In':
      return (labels) => key in labels && values.includes(labels[key]!);
    case 'NotIn':
      return (labels) => !(key in labels) || !values.includes(labels[key]!);
    case 'Exists':
      return (labels) => key in labels;
    case 'DoesNotExist':
      return (labels) => !(key in labels);
    default:
      throw new ConfigError(`${where}: matchExpressions operator '${String(expression.operator)}' is not In, NotIn, Exists or DoesNotExist`);
  }
}
