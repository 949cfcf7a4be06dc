/**
 * The `git` generator over this repository's own tree: `directories` (globs over directories,
 * `exclude: true` entries removed) and `files` (JSON/YAML files whose content becomes the
 * parameters, beside `path.path`, `path.basename`, `path.filename`, `path.segments`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import picomatch from 'picomatch';
import { ConfigError } from '../errors.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { parseYamlDocuments } from '../yaml/parse-yaml.js';
import type { Params } from './cluster-generator.js';

export async function gitParams(git: Record<string, unknown>, repoDir: string): Promise<Params[]> {
  const directories = await gitDirectoryParams(entriesOf(git.directories), repoDir);
  const files = await gitFileParams(entriesOf(git.files), repoDir);
  return [...directories, ...files];
}

function entriesOf(value: unknown): Array<Record<string, unknown>> {
  return (Array.isArray(value) ? value : []).filter(isPlainObject);
}

async function gitDirectoryParams(entries: Array<Record<string, unknown>>, repoDir: string): Promise<Params[]> {
  const include = entries.filter((e) => e.exclude !== true).map((e) => picomatch(String(e.path ?? '')));
  const exclude = entries.filter((e) => e.exclude === true).map((e) => picomatch(String(e.path ?? '')));
  if (include.length === 0) return [];
  const depth = Math.max(...entries.map((e) => String(e.path ?? '').split('/').length));
  const dirs = await listTree(repoDir, '', depth, 'directories');
  return dirs
    .filter((dir) => include.some((m) => m(dir)) && !exclude.some((m) => m(dir)))
    .sort()
    .map((dir) => ({ path: pathParams(dir) }));
}

async function gitFileParams(entries: Array<Record<string, unknown>>, repoDir: string): Promise<Params[]> {
  const include = entries.filter((e) => e.exclude !== true).map((e) => picomatch(String(e.path ?? '')));
  const exclude = entries.filter((e) => e.exclude === true).map((e) => picomatch(String(e.path ?? '')));
  if (include.length === 0) return [];
  const files = (await listTree(repoDir, '', Infinity, 'files')).filter((file) => include.some((m) => m(file)) && !exclude.some((m) => m(file)));
  const out: Params[] = [];
  for (const file of files.sort()) {
    const path = { ...pathParams(dirname(file) === '.' ? '' : dirname(file)), filename: basename(file), filenameNormalized: normalize(basename(file)) };
    for (const content of await fileContents(repoDir, file)) out.push({ ...content, path });
  }
  return out;
}

/** A file holding a map gives one parameter set; a list of maps gives one per item. */
async function fileContents(repoDir: string, file: string): Promise<Params[]> {
  const text = await readFile(join(repoDir, file), 'utf8');
  const values = parseYamlDocuments(text, file).map((document) => document.value);
  const items = values.flatMap((value) => (Array.isArray(value) ? value : [value]));
  if (!items.every(isPlainObject)) throw new ConfigError('a git files generator file must hold a map or a list of maps', { file });
  return items;
}

function pathParams(dir: string): Params {
  const name = basename(dir);
  return { path: dir, basename: name, basenameNormalized: normalize(name), segments: dir === '' ? [] : dir.split('/') };
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

async function listTree(root: string, rel: string, depth: number, want: 'directories' | 'files'): Promise<string[]> {
  if (depth === 0) return [];
  const entries = await readdir(join(root, rel), { withFileTypes: true }).catch(() => []);
  const named = (name: string) => (rel ? `${rel}/${name}` : name);
  const dirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules').map((e) => named(e.name));
  const nested = await Promise.all(dirs.map((dir) => listTree(root, dir, depth - 1, want)));
  const here = want === 'directories' ? dirs : entries.filter((e) => e.isFile()).map((e) => named(e.name));
  return [...here, ...nested.flat()];
}
