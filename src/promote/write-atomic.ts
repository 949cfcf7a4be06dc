import { randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces a file's content atomically: a temporary file in the same directory (same file
 * system, same mode) renamed over the original, so readers see the old or the new bytes only.
 */
export async function writeFileAtomic(path: string, data: string | Buffer): Promise<void> {
  const mode = (await stat(path)).mode & 0o777;
  const temp = join(dirname(path), `.${basename(path)}.parity-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data, { mode, flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
