import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import envPaths from 'env-paths';

/** Where parity keeps its render cache: `$PARITY_CACHE_DIR`, else the platform's cache directory. */
export function resolveCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.PARITY_CACHE_DIR;
  if (chosen !== undefined && chosen !== '') return chosen;
  return envPaths('parity', { suffix: '' }).cache;
}

/** Pseudo file systems: their files are not storage, and reading some of them blocks. */
const PSEUDO_FS = ['/proc', '/sys', '/dev'];

/**
 * Makes `dir` a private cache directory: created 0700, group and world access stripped from an
 * existing one, and a probe file written and removed. Returns why it cannot be used (a file, not
 * writable, read-only, another user's, a pseudo file system), or null when it can.
 */
export function prepareCacheDir(dir: string): string | null {
  const path = resolve(dir);
  const pseudo = PSEUDO_FS.find((root) => isUnder(realOrSelf(path), root));
  if (pseudo) return `is under ${pseudo}`;
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
  } catch (error) {
    if (codeOf(error) !== 'EEXIST') return `cannot be created (${codeOf(error)})`;
  }
  const stats = statSync(path);
  if (!stats.isDirectory()) return 'is not a directory';
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) return `is owned by another user (uid ${stats.uid})`;
  return makePrivate(path, stats.mode) ?? probeWrite(path);
}

function makePrivate(path: string, mode: number): string | null {
  if ((mode & 0o077) === 0) return null;
  try {
    chmodSync(path, mode & 0o700);
    return null;
  } catch (error) {
    return `is open to other users and its mode cannot be changed (${codeOf(error)})`;
  }
}

function probeWrite(path: string): string | null {
  const probe = join(path, `.probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx', 0o600));
    unlinkSync(probe);
    return null;
  } catch (error) {
    return `is not writable (${codeOf(error)})`;
  }
}

/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // ENOENT or ENOTDIR: the path does not exist (yet); resolve its nearest ancestor instead.
    const parent = dirname(path);
    return parent === path ? path : join(realOrSelf(parent), path.slice(parent.length));
  }
}

function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}/`);
}

export function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? String(error);
}
