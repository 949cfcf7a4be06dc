/**
 * ApplicationSet expansion for the generators whose output is knowable from the repository:
 * `list` (elements in the file) and `git` directories (globs over this repo's directories).
 * Templates use `{{name}}` / `{{path.basename}}` / `{{path[1]}}` or, with goTemplate,
 * `{{.name}}` / `{{.path.basename}}` / `{{index .path.segments 1}}`.
 */
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import picomatch from 'picomatch';
import { ConfigError } from '../errors.js';
import { isPlainObject } from '../match/list-keys.js';

type Params = Record<string, unknown>;

/** One parameter set per generated Application; unsupported generators yield none. */
export async function generatorParams(generators: unknown, repoDir: string): Promise<Params[]> {
  const out: Params[] = [];
  for (const generator of Array.isArray(generators) ? generators : []) {
    if (!isPlainObject(generator)) continue;
    if (isPlainObject(generator.list)) out.push(...listParams(generator.list));
    if (isPlainObject(generator.git)) out.push(...(await gitDirectoryParams(generator.git, repoDir)));
  }
  return out;
}

function listParams(list: Record<string, unknown>): Params[] {
  return (Array.isArray(list.elements) ? list.elements : []).filter(isPlainObject);
}

async function gitDirectoryParams(git: Record<string, unknown>, repoDir: string): Promise<Params[]> {
  const entries = (Array.isArray(git.directories) ? git.directories : []).filter(isPlainObject);
  const include = entries.filter((e) => e.exclude !== true).map((e) => picomatch(String(e.path ?? '')));
  const exclude = entries.filter((e) => e.exclude === true).map((e) => picomatch(String(e.path ?? '')));
  if (include.length === 0) return [];
  const depth = Math.max(...entries.map((e) => String(e.path ?? '').split('/').length));
  const dirs = await listDirectories(repoDir, '', depth);
  return dirs
    .filter((dir) => include.some((m) => m(dir)) && !exclude.some((m) => m(dir)))
    .sort()
    .map((dir) => ({ path: pathParams(dir) }));
}

function pathParams(dir: string): Params {
  const name = basename(dir);
  return { path: dir, basename: name, basenameNormalized: name.toLowerCase().replace(/[^a-z0-9-]/g, '-'), segments: dir.split('/') };
}

async function listDirectories(root: string, rel: string, depth: number): Promise<string[]> {
  if (depth === 0) return [];
  const entries = await readdir(join(root, rel), { withFileTypes: true }).catch(() => []);
  const dirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => (rel ? `${rel}/${e.name}` : e.name));
  const nested = await Promise.all(dirs.map((dir) => listDirectories(root, dir, depth - 1)));
  return [...dirs, ...nested.flat()];
}

/** Substitutes every `{{…}}` in the string values of `template`. */
export function renderTemplate(template: unknown, params: Params, where: { file: string; line?: number }): unknown {
  if (typeof template === 'string') return renderString(template, params, where);
  if (Array.isArray(template)) return template.map((item) => renderTemplate(item, params, where));
  if (isPlainObject(template)) {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, renderTemplate(value, params, where)]));
  }
  return template;
}

function renderString(text: string, params: Params, where: { file: string; line?: number }): string {
  return text.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (whole, expression: string) => {
    const value = resolveExpression(expression, params);
    if (value === undefined) throw new ConfigError(`ApplicationSet template ${whole} cannot be resolved from its generators`, where);
    return value;
  });
}

function resolveExpression(expression: string, params: Params): string | undefined {
  const index = /^index\s+\.?([\w.]+)\s+(\d+)$/.exec(expression);
  if (index) return scalar(lookup(params, index[1]!.split('.')), Number(index[2]));
  const bracket = /^\.?([\w.]+)\[(\d+)\]$/.exec(expression);
  if (bracket) return scalar(lookup(params, [...bracket[1]!.split('.'), 'segments']), Number(bracket[2]));
  if (!/^\.?[\w.]+$/.test(expression)) return undefined;
  return scalar(lookup(params, expression.replace(/^\./, '').split('.')));
}

function lookup(params: Params, keys: string[]): unknown {
  let node: unknown = params;
  for (const key of keys) node = isPlainObject(node) ? node[key] : undefined;
  return node;
}

/** A string for a template: scalars as is, `{path: {path: …}}` as its path, lists by index. */
function scalar(value: unknown, index?: number): string | undefined {
  if (index !== undefined) return Array.isArray(value) ? scalar(value[index]) : undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isPlainObject(value) && typeof value.path === 'string') return value.path;
  return undefined;
}
