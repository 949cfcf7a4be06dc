import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isExecutableFile } from '../../src/util/find-executable.js';
import { missingTool } from '../support/required-tool.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The real helm `npm test` installs (scripts/install-helm.mjs). */
export const HELM = join(ROOT, '.tools', 'helm', 'helm');
export const SHOP_CHART = join(ROOT, 'fixtures', 'ecommerce-helm', 'charts', 'shop');

/** Whether to skip: a missing helm skips on a developer's machine and fails the file in CI. */
export const noHelm = missingTool(await isExecutableFile(HELM), 'helm (.tools/helm/helm, from scripts/install-helm.mjs)');

/** A fresh temp directory, removed after the current test. */
export function useTempDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parity-helm-test-'));
    dirs.push(dir);
    return dir;
  };
}

/** Writes `files` (path relative to `dir` → content) and returns `dir`. */
export async function writeTree(dir: string, files: Record<string, string>): Promise<string> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

export interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

export function objectsOf(yaml: string): Obj[] {
  return parseAllDocuments(yaml)
    .map((doc) => doc.toJS() as Obj | null)
    .filter((value): value is Obj => value !== null);
}

export function find(objects: Obj[], kind: string, name: string): Obj {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}
