import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../errors.js';

/**
 * Where parity may read: the repository (its real path, symlinks resolved) and any extra root
 * the user named with `--allow-root`. Everything a config, policy or kustomization references
 * is resolved to its real path and must fall inside one of them.
 */
export interface RepoBounds {
  /** Real path of the repository root. */
  root: string;
  /** The repository root as given (absolute, symlinks kept), which paths inside it are shown against. */
  given: string;
  /** Real paths of the roots allowed besides the repository. */
  extra: string[];
}

export async function repoBounds(repoDir: string, allowRoots: readonly string[] = []): Promise<RepoBounds> {
  const extra: string[] = [];
  for (const dir of allowRoots) {
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory()) throw new ConfigError(`--allow-root '${dir}' is not a directory`);
    extra.push(await realpath(dir));
  }
  return { root: await realPathOf(resolve(repoDir)), given: resolve(repoDir), extra };
}

/** The real path of `path`; for a path that does not exist, its nearest existing ancestor's real path plus the rest. */
async function realPathOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    // ENOENT or ENOTDIR: the path does not exist; resolve its nearest ancestor instead.
    const parent = dirname(path);
    return parent === path ? path : resolve(await realPathOf(parent), basename(path));
  }
}

function isWithin(bounds: RepoBounds, real: string): boolean {
  return [bounds.root, ...bounds.extra].some((root) => contains(root, real));
}

function contains(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/**
 * The real path of `path` (symlinks followed), under the repository root as given when it is
 * inside the repository; null when it leaves the repository and every allowed root.
 */
async function insideRealPath(bounds: RepoBounds, path: string): Promise<string | null> {
  const real = await realPathOf(path);
  if (contains(bounds.root, real)) return resolve(bounds.given, relative(bounds.root, real));
  return isWithin(bounds, real) ? real : null;
}

/**
 * The real path of `path`, or a ConfigError naming `what` (how the user wrote it, and where)
 * and where it really points.
 */
export async function requireInside(bounds: RepoBounds, path: string, what: string, location: { file?: string; line?: number } = {}): Promise<string> {
  const real = await insideRealPath(bounds, path);
  if (real !== null) return real;
  throw new ConfigError(`${what} resolves to ${await realPathOf(path)}, outside the repository (${bounds.root}); parity reads nothing outside it unless allowed with --allow-root`, location);
}
