import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { ALL_TESTS, INTEGRATION_TESTS } from './test/support/tiers.js';

/**
 * Most integration time is spent waiting on Kustomize, git and helm, so files run in more
 * workers than the machine has cores (vitest's default, cores − 1, is one worker on two cores).
 * PARITY_TEST_WORKERS overrides it.
 */
const workers = Number(process.env.PARITY_TEST_WORKERS) || Math.max(4, availableParallelism());

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: workers,
    minWorkers: 1,
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          // Plain functions over plain data: one module graph per worker, not one per file.
          pool: 'threads',
          isolate: false,
          include: [ALL_TESTS],
          exclude: [INTEGRATION_TESTS],
          testTimeout: 10_000,
          hookTimeout: 10_000,
          setupFiles: ['test/support/no-processes.ts', 'test/support/file-cache.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [INTEGRATION_TESTS],
          // A bound for a hung test, never waited on by a passing one: wide enough for a busy
          // shared machine, where CLI runs take many times their quiet duration.
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // A render cache per test file: see test/support/file-cache.ts.
          setupFiles: ['test/support/file-cache.ts'],
        },
      },
    ],
  },
});
