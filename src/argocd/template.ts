/**
 * ApplicationSet template substitution. Plain form: `{{name}}`, `{{path.basename}}`,
 * `{{path[1]}}`, `{{metadata.labels.env}}`; goTemplate form: `{{.name}}`, `{{.path.basename}}`,
 * `{{index .path.segments 1}}`, `{{index .metadata.labels "app.kubernetes.io/env"}}`.
 * Keys may hold dots (`metadata.labels.app.kubernetes.io/env`): the longest key that exists wins.
 */
import { ConfigError } from '../errors.js';
import { isPlainObject } from '../util/is-plain-object.js';

type Params = Record<string, unknown>;
export interface Where {
  file: string;
  line?: number;
}

/** Substitutes every `{{…}}` in the string values of `template`; one it cannot resolve fails closed. */
export function renderTemplate(template: unknown, params: Params, where: Where): unknown {
  return renderValue(template, params, (whole) => {
    throw new ConfigError(`ApplicationSet template ${whole} cannot be resolved from its generators`, where);
  });
}

/** As renderTemplate, leaving what `params` cannot resolve as written (a matrix child's own parameters). */
export function renderTemplatePartly(template: unknown, params: Params): unknown {
  return renderValue(template, params, (whole) => whole);
}

function renderValue(template: unknown, params: Params, unresolved: (whole: string) => string): unknown {
  if (typeof template === 'string') return renderString(template, params, unresolved);
  if (Array.isArray(template)) return template.map((item) => renderValue(item, params, unresolved));
  if (isPlainObject(template)) {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, renderValue(value, params, unresolved)]));
  }
  return template;
}

function renderString(text: string, params: Params, unresolved: (whole: string) => string): string {
  return text.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (whole, expression: string) => resolveExpression(expression, params) ?? unresolved(whole));
}

function resolveExpression(expression: string, params: Params): string | undefined {
  const indexed = /^index\s+\.?([\w./-]+)\s+(\d+|"[^"]*")$/.exec(expression);
  if (indexed) return indexOf(lookupPath(params, indexed[1]!), indexed[2]!);
  const bracket = /^\.?([\w./-]+)\[(\d+)\]$/.exec(expression);
  if (bracket) return scalar(lookupPath(params, `${bracket[1]!}.segments`), Number(bracket[2]));
  if (!/^\.?[\w./-]+$/.test(expression)) return undefined;
  return scalar(lookupPath(params, expression.replace(/^\./, '')));
}

function indexOf(value: unknown, key: string): string | undefined {
  if (key.startsWith('"')) return isPlainObject(value) ? scalar(value[key.slice(1, -1)]) : undefined;
  return scalar(value, Number(key));
}

/** `a.b.c` in nested params, where a key may itself hold dots. */
export function lookupPath(params: unknown, path: string): unknown {
  return lookup(params, path.split('.'));
}

function lookup(node: unknown, keys: readonly string[]): unknown {
  if (keys.length === 0) return node;
  if (!isPlainObject(node)) return undefined;
  for (let n = keys.length; n > 0; n -= 1) {
    const key = keys.slice(0, n).join('.');
    if (!(key in node)) continue;
    const found = lookup(node[key], keys.slice(n));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A string for a template: scalars as is, `{path: {path: …}}` as its path, lists by index. */
function scalar(value: unknown, index?: number): string | undefined {
  if (index !== undefined) return Array.isArray(value) ? scalar(value[index]) : undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isPlainObject(value) && typeof value.path === 'string') return value.path;
  return undefined;
}
