import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A render cache per test file: see test/support/file-cache.ts.
    setupFiles: ['test/support/file-cache.ts'],
  },
});
