import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Each test file gets a render cache of its own (spawned CLIs inherit it through the
 * environment): no file reads what another filled, so the order files run in cannot change a
 * result, and no test reads or fills the user's cache.
 */
const dir = mkdtempSync(join(tmpdir(), 'parity-test-cache-'));
process.env.PARITY_CACHE_DIR = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
