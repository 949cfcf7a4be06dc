import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OutputError } from '../errors.js';

/**
 * Writes a file atomically: the bytes go to a new temporary file in the same directory, created
 * exclusively (`O_CREAT|O_EXCL`, so a planted file or symlink is never followed) under a random
 * name, then renamed over the target. Readers see the old bytes or the new, never half. The
 * target must be absent or a regular file: a directory, symlink, FIFO or device is refused.
 * An existing file keeps its mode. Every failure is one OutputError naming the file;
 * nothing is left behind.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const existing = await targetStats(path);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, existing ? existing.mode & 0o777 : 0o666);
    created = true;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await targetStats(path);
    await rename(temp, path);
  } catch (error) {
    if (created) await rm(temp, { force: true });
    throw error instanceof OutputError ? error : writeFailed(path, error);
  }
}

/** The target's stats when it is a regular file, null when it does not exist; anything else is refused. */
async function targetStats(path: string): Promise<Stats | null> {
  let stats: Stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw writeFailed(path, error);
  }
  if (stats.isFile()) return stats;
  throw new OutputError(`cannot write: it exists and is ${kindOf(stats)}, not a regular file; nothing was written`, { file: path });
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'something else';
}

const REASONS: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a parent of it is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a directory',
  ENAMETOOLONG: 'the name is too long',
};

function writeFailed(path: string, error: unknown): OutputError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason = REASONS[code] ?? (code || String((error as Error).message ?? error).split('\n')[0]);
  return new OutputError(`cannot write: ${reason}${code && REASONS[code] ? ` (${code})` : ''}; nothing was written`, { file: path });
}
