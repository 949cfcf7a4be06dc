import { expect } from 'vitest';
import type { CliRun } from '../../support/run-cli.js';

/** Exit 2 with exactly one `parity: …` line on stderr and no stack trace. */
export function expectOneErrorLine(run: CliRun, pattern: RegExp): void {
  const lines = run.stderr.split('\n').filter(Boolean);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toContain('internal error');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^parity: /);
  expect(lines[0]).toMatch(pattern);
  expect(run.exitCode).toBe(2);
}
