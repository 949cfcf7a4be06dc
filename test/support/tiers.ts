/**
 * The two tiers of the suite, told apart by file name alone (no list to keep):
 * - integration: `*.int.test.ts`, tests that run Kustomize, helm, git, the CLI or a browser;
 * - core: every other `*.test.ts`, rendered YAML in, no child process (test/support/no-processes.ts
 *   makes one fail), fast.
 */
export const ALL_TESTS = 'test/**/*.test.ts';
export const INTEGRATION_TESTS = 'test/**/*.int.test.ts';
