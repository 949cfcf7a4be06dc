import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The test run gets a render cache of its own, so tests never read or fill the user's cache
 * (and every run starts cold). Spawned CLIs inherit it through the environment.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'parity-test-cache-'));
  process.env.PARITY_CACHE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
