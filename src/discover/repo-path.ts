import { isAbsolute, posix, relative, resolve, sep } from 'node:path';

/**
 * A config or policy path is relative to the repo root and must stay inside it:
 * no absolute paths, no drive letters, no `..` that climbs out.
 */
export function isInsideRepo(path: string): boolean {
  if (path === '' || path.includes('\0')) return false;
  const slashed = path.replaceAll('\\', '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) return false;
  const normalized = posix.normalize(slashed);
  return normalized !== '..' && !normalized.startsWith('../');
}

/** `./apps/x/` → `apps/x`; `.` stays `.`. Assumes isInsideRepo(path). */
export function normalizeRepoPath(path: string): string {
  const normalized = posix.normalize(path.replaceAll('\\', '/'));
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}

/** Repo-relative with forward slashes when `absolute` is inside the repo, else the absolute path. */
export function toRepoRelative(repoDir: string, absolute: string): string {
  const rel = relative(resolve(repoDir), absolute);
  if (rel === '') return '.';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return absolute;
  return rel.split(sep).join('/');
}
