import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file under `dir` (recursively, `.git` skipped), sorted by path; [] when `dir` is missing. */
export async function listFilesDeep(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => compareNames(a.name, b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== '.git') files.push(...(await listFilesDeep(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** Plain YAML manifests under `dir` (`*.yaml`, `*.yml`), sorted by path. */
export async function listYamlFiles(dir: string): Promise<string[]> {
  return (await listFilesDeep(dir)).filter((path) => /\.ya?ml$/i.test(path));
}

function compareNames(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
