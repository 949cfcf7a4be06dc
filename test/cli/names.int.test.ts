import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { FIXTURES } from '../support/temp-copy.js';

const REPO = join(FIXTURES, 'ecommerce-infra');

/** One stderr line, and only one. */
function onlyLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('unknown names: the closest known one, never a list of every name', () => {
  it.each([
    ['service', ['audit', '--repo', REPO, '--service', 'paymnets-service'], "unknown service 'paymnets-service' (did you mean 'payments-service'?"],
    ['env', ['audit', '--repo', REPO, '--env', 'prod'], "unknown env 'prod' (did you mean 'production'?"],
    ['env of a pair', ['audit', '--repo', REPO, '--pairs', 'stagng:production'], "unknown env 'stagng' in pair 'stagng:production' (did you mean 'staging'?"],
    ['gate env', ['gate', '--repo', REPO, '--service', 'payments-service', '--from', 'stagin', '--to', 'production'], "unknown env 'stagin' (did you mean 'staging'?"],
  ])('%s', async (_what, args, expected) => {
    const run = await runCli(args);
    expect(run.exitCode).toBe(2);
    expect(onlyLine(run.stderr)).toContain(expected);
    expect(run.stdout).toBe('');
  });

  it('format', async () => {
    const run = await runCli(['audit', '--repo', REPO, '--format', 'jsn']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("unknown format 'jsn' (did you mean 'json'?");
  });

  describe('in a repo of 300 services', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'parity-names-'));
      for (let i = 0; i < 300; i += 1) await mkdir(join(dir, 'apps', `service-${String(i).padStart(3, '0')}`, 'overlays', 'dev'), { recursive: true });
      await mkdir(join(dir, 'apps', 'payments-service', 'overlays', 'dev'), { recursive: true });
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('a near miss names the one close service and lists no others', async () => {
      const run = await runCli(['audit', '--repo', dir, '--service', 'paymnets-service']);
      expect(run.exitCode).toBe(2);
      expect(onlyLine(run.stderr)).toBe("parity: unknown service 'paymnets-service' (did you mean 'payments-service'?)");
    });

    it('a name close to nothing lists ten and counts the rest', async () => {
      const run = await runCli(['audit', '--repo', dir, '--service', 'zzz']);
      expect(run.exitCode).toBe(2);
      const line = onlyLine(run.stderr);
      expect(line).toMatch(/^parity: unknown service 'zzz' \(known: payments-service, service-000, .*, service-008 … and 291 more\)$/);
      expect(line.length).toBeLessThan(300);
    });
  });
});
