import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseYaml } from '../yaml/parse-yaml.js';
import { ConfigError } from '../errors.js';
import type { Document } from 'yaml';

/** The names Kustomize looks for, in its order. */
export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface LoadedKustomization {
  /** Absolute path of the kustomization file. */
  path: string;
  text: string;
  data: Record<string, unknown>;
  /** Null for an empty file. */
  document: Document.Parsed | null;
}

/** The kustomization file of a directory, or null when it has none. */
export async function findKustomizationFile(dir: string): Promise<string | null> {
  for (const name of KUSTOMIZATION_NAMES) {
    const path = join(dir, name);
    if (await isFile(path)) return path;
  }
  return null;
}

/** Reads and parses a kustomization file; malformed YAML or a non-mapping is a ConfigError naming it. */
export async function loadKustomization(path: string, displayPath: string): Promise<LoadedKustomization> {
  const text = await readFile(path, 'utf8');
  const parsed = parseYaml(text, displayPath);
  const value = parsed?.value ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError('a kustomization must be a YAML mapping', { file: displayPath });
  }
  return { path, text, data: value as Record<string, unknown>, document: parsed?.document ?? null };
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
