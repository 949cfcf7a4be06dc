import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Each test file gets a render cache of its own (spawned CLIs inherit it through the
 * environment): no file reads what another filled, so the order files run in cannot change a
 * result, and no test reads or fills the user's cache. The platform cache directory (parity's
 * fallback when PARITY_CACHE_DIR is unset or empty) is the file's own as well, so a run that
 * drops PARITY_CACHE_DIR cannot reach a cache another file shares either.
 */
const dir = mkdtempSync(join(tmpdir(), 'parity-test-cache-'));
const platform = mkdtempSync(join(tmpdir(), 'parity-test-xdg-cache-'));
process.env.PARITY_CACHE_DIR = dir;
process.env.XDG_CACHE_HOME = platform;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(platform, { recursive: true, force: true });
});
