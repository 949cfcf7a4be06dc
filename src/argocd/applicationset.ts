/**
 * ApplicationSet expansion for the generators whose output is knowable offline: `list`, `git`
 * (directories and files of this repo), `clusters` (from clusters given to parity), and
 * `matrix` / `merge` over those. A generator that needs a live system (an SCM provider, pull
 * requests, a cluster decision resource, a plugin) fails closed, naming the set and its file.
 */
import { ConfigError } from '../errors.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { clusterParams, selectorOf, type Params } from './cluster-generator.js';
import type { Cluster } from './clusters.js';
import { gitParams } from './git-generator.js';
import { lookupPath, renderTemplate, renderTemplatePartly, type Where } from './template.js';

export interface GeneratorContext {
  repoDir: string;
  /** Clusters given offline (`--clusters`, `--cluster`); undefined when none were. */
  clusters?: readonly Cluster[] | undefined;
  /** The ApplicationSet's name and where it is declared, for messages. */
  set: string;
  where: Where;
}

/** What a generator that cannot be expanded offline would need. */
const NEEDS_LIVE_SYSTEM: Record<string, string> = {
  scmProvider: "the SCM provider's repositories",
  pullRequest: "the SCM provider's open pull requests",
  clusterDecisionResource: 'a cluster decision resource in the Argo CD cluster',
  plugin: "a plugin's answer",
};

/** One per generated Application: its parameters, and the template its generator overrides (if any). */
export interface Generated {
  params: Params;
  template?: Record<string, unknown>;
}

export async function generatorParams(generators: unknown, context: GeneratorContext): Promise<Generated[]> {
  const out: Generated[] = [];
  for (const generator of Array.isArray(generators) ? generators : []) {
    if (!isPlainObject(generator)) continue;
    const template = isPlainObject(generator.template) ? { template: generator.template } : {};
    out.push(...(await paramsOf(generator, context)).map((params) => ({ params, ...template })));
  }
  return out;
}

/** The set's template with a generator's template fields laid over it, as Argo CD does. */
export function overrideTemplate(template: unknown, generated: Generated): unknown {
  return generated.template && isPlainObject(template) ? deepMerge(template, generated.template) : template;
}

async function paramsOf(generator: Record<string, unknown>, context: GeneratorContext): Promise<Params[]> {
  const kind = Object.keys(generator).find((key) => key !== 'selector' && key !== 'template');
  const body = kind === undefined ? undefined : generator[kind];
  if (kind === undefined || !isPlainObject(body)) throw failure(context, kind ?? 'empty', 'a body');
  const params = await paramsOfKind(kind, body, context);
  const accepts = selectorOf(generator.selector, `${label(context)}: the ${kind} generator`);
  return params.filter((p) => accepts(flatten(p)));
}

async function paramsOfKind(kind: string, body: Record<string, unknown>, context: GeneratorContext): Promise<Params[]> {
  switch (kind) {
    case 'list':
      return (Array.isArray(body.elements) ? body.elements : []).filter(isPlainObject);
    case 'git':
      return gitParams(body, context.repoDir);
    case 'clusters':
      if (!context.clusters) throw failure(context, kind, 'the clusters Argo CD knows; pass --clusters FILE or --cluster name=server[,label=value...]');
      return clusterParams(body, context.clusters, (t, p) => renderTemplate(t, p, context.where), `${label(context)}: the clusters generator`);
    case 'matrix':
      return matrixParams(childrenOf(kind, body, context), context);
    case 'merge':
      return mergeParams(childrenOf(kind, body, context), body.mergeKeys, context);
    default:
      throw failure(context, kind, NEEDS_LIVE_SYSTEM[kind] ?? 'a generator parity does not know', 'cannot be expanded offline');
  }
}

function childrenOf(kind: string, body: Record<string, unknown>, context: GeneratorContext): Array<Record<string, unknown>> {
  const children = (Array.isArray(body.generators) ? body.generators : []).filter(isPlainObject);
  if (children.length < 2 || (kind === 'matrix' && children.length > 2)) {
    throw failure(context, kind, kind === 'matrix' ? 'exactly two child generators' : 'two or more child generators');
  }
  return children;
}

/** Every combination of the two children's parameters; the second child may use the first's. */
async function matrixParams(children: Array<Record<string, unknown>>, context: GeneratorContext): Promise<Params[]> {
  const [first, second] = children as [Record<string, unknown>, Record<string, unknown>];
  const out: Params[] = [];
  const independent = JSON.stringify(second).includes('{{') ? null : await paramsOf(second, context);
  for (const left of await paramsOf(first, context)) {
    const rights = independent ?? (await paramsOf(renderTemplatePartly(second, left) as Record<string, unknown>, context));
    for (const right of rights) out.push(deepMerge(left, right));
  }
  return out;
}

/** The first child's parameter sets, each overlaid by the later children's sets with equal merge keys. */
async function mergeParams(children: Array<Record<string, unknown>>, mergeKeys: unknown, context: GeneratorContext): Promise<Params[]> {
  const keys = (Array.isArray(mergeKeys) ? mergeKeys : []).map(String);
  if (keys.length === 0) throw failure(context, 'merge', 'mergeKeys');
  let base = await paramsOf(children[0]!, context);
  for (const child of children.slice(1)) {
    const byKey = new Map<string, Params>();
    for (const params of await paramsOf(child, context)) {
      const key = mergeKeyOf(params, keys);
      if (key !== null) byKey.set(key, deepMerge(byKey.get(key) ?? {}, params));
    }
    base = base.map((params) => {
      const key = mergeKeyOf(params, keys);
      const overlay = key === null ? undefined : byKey.get(key);
      return overlay ? deepMerge(params, overlay) : params;
    });
  }
  return base;
}

function mergeKeyOf(params: Params, keys: readonly string[]): string | null {
  const values = keys.map((key) => lookupPath(params, key));
  return values.some((value) => value === undefined) ? null : JSON.stringify(values);
}

function deepMerge(left: Params, right: Params): Params {
  const out: Params = { ...left };
  for (const [key, value] of Object.entries(right)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

/** Parameters as Argo CD's non-Go templates see them: `path.basename`, `metadata.labels.env`. */
function flatten(params: Params, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (isPlainObject(value)) Object.assign(out, flatten(value, `${prefix}${key}.`));
    else if (value !== null && typeof value !== 'object') out[`${prefix}${key}`] = String(value);
  }
  return out;
}

function label(context: GeneratorContext): string {
  return `ApplicationSet ${context.set} in ${context.where.file}`;
}

function failure(context: GeneratorContext, kind: string, what: string, verb = 'needs'): ConfigError {
  const tail = verb === 'needs' ? `needs ${what}` : `needs ${what} and ${verb}`;
  return new ConfigError(`${label(context)}: the ${kind} generator ${tail}`);
}
