import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';

export const CONFIG_NAMES = ['parity.config.yaml', 'parity.config.yml'];

/**
 * The repository parity audits. `--repo DIR` must be an existing directory. Without it: the
 * nearest directory, from the working directory up to the root of its git work tree, that holds
 * parity.config.yaml — so a run from a subfolder finds the config — else the working directory
 * itself. Outside git there is no walk: a config in some far ancestor is never picked up.
 */
export function findRepoDir(repo: string | undefined, cwd: string = process.cwd()): string {
  if (repo !== undefined) return requireDirectory(resolve(cwd, repo), repo);
  const start = resolve(cwd);
  const top = gitTop(start);
  if (top === null) return start;
  for (let dir = start; ; dir = dirname(dir)) {
    if (CONFIG_NAMES.some((name) => kindOf(join(dir, name)) === 'file')) return dir;
    if (dir === top) return start;
  }
}

/** The nearest directory holding `.git` (a folder, or a file in a worktree or submodule); null outside git. */
function gitTop(start: string): string | null {
  for (let dir = start; ; dir = dirname(dir)) {
    if (kindOf(join(dir, '.git')) !== null) return dir;
    if (dirname(dir) === dir) return null;
  }
}

function requireDirectory(path: string, given: string): string {
  const kind = kindOf(path);
  if (kind === null) throw new ConfigError(`--repo '${given}' does not exist`);
  if (kind !== 'directory') throw new ConfigError(`--repo '${given}' is not a directory`);
  return path;
}

function kindOf(path: string): 'file' | 'directory' | 'other' | null {
  try {
    const info = statSync(path);
    return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
  } catch {
    // ENOENT, ENOTDIR or EACCES: nothing there.
    return null;
  }
}
