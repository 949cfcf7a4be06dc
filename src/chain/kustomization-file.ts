import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { lineIndex } from '../yaml/line-index.js';
import { parseYaml } from '../yaml/parse-yaml.js';
import { ConfigError } from '../errors.js';
import type { Document } from 'yaml';

/** The names Kustomize looks for, in its order. */
export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * A kustomization file read and parsed once: the plain data every reader uses, and the parsed
 * document with node ranges for the readers that cite lines (source locator, image lines).
 */
export interface Kustomization {
  /** Absolute path of the kustomization file. */
  path: string;
  /** Display path (repo-relative with `/`, or absolute outside the repo). */
  file: string;
  text: string;
  data: Record<string, unknown>;
  /** Null for an empty file. */
  document: Document.Parsed | null;
  /** The 1-based line of a character offset in `text`. */
  lineAt(offset: number): number;
}

/**
 * Kustomizations already read in one run, by absolute path: a chain walk given it parses each
 * file once however many overlays share it, and the source locator reuses what the walks read.
 */
export type KustomizationsRead = Map<string, Kustomization>;

/** The kustomization file of a directory, or null when it has none. */
export async function findKustomizationFile(dir: string): Promise<string | null> {
  for (const name of KUSTOMIZATION_NAMES) {
    const path = join(dir, name);
    if (await isFile(path)) return path;
  }
  return null;
}

/** Reads and parses a kustomization file; malformed YAML or a non-mapping is a ConfigError naming it. */
export async function loadKustomization(path: string, file: string): Promise<Kustomization> {
  return parseKustomization(await readFile(path, 'utf8'), path, file);
}

/** Parses a kustomization's text (for readers that hold it already); errors as loadKustomization's. */
export function parseKustomization(text: string, path: string, file: string): Kustomization {
  const parsed = parseYaml(text, file);
  const value = parsed?.value ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError('a kustomization must be a YAML mapping', { file });
  }
  return { path, file, text, data: value as Record<string, unknown>, document: parsed?.document ?? null, lineAt: lineIndex(text) };
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

export async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}
