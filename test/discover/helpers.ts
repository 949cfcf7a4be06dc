import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway repo: `files` maps repo-relative paths to contents; a path ending in `/` is a directory. */
export async function makeRepo(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'parity-discover-'));
  for (const [path, content] of Object.entries(files)) {
    if (path.endsWith('/')) {
      await mkdir(join(root, path), { recursive: true });
    } else {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
    }
  }
  return root;
}

/** Runs `fn` and returns the error it throws (fails the test when it does not). */
export async function caught(fn: () => unknown): Promise<Error & { file?: string; line?: number }> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { file?: string; line?: number };
  }
  throw new Error('expected an error');
}
