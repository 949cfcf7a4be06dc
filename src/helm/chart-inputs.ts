import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * Every file a chart render can read: the chart directory's files, its vendored `charts/`
 * included, recursively (in name order), repo-relative with forward slashes when inside the
 * repository. The values files come on top (see helmInputs). Symbolic links are listed as files.
 */
export async function chartFiles(chartDir: string, repoDir: string): Promise<string[]> {
  const files: string[] = [];
  await collect(chartDir, files);
  return files.map((file) => repoRelative(file, repoDir));
}

async function collect(dir: string, files: string[]): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await collect(path, files);
    else files.push(path);
  }
}

export function repoRelative(path: string, repoDir: string): string {
  const rel = relative(repoDir, path);
  return rel.startsWith('..') ? path : rel.split('\\').join('/');
}
