import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FIXTURES = resolve(import.meta.dirname, '../../fixtures');

/** Copies a fixture repo into a fresh temp dir; returns its path and a cleanup. */
export async function copyFixture(name: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'parity-fixture-'));
  const dir = join(root, name.replace(/\//g, '-'));
  await cp(join(FIXTURES, name), dir, { recursive: true });
  return { dir, cleanup: () => rm(root, { recursive: true, force: true }) };
}
