import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { FIXTURES } from '../support/temp-copy.js';
import type { AuditResult } from '../../src/types.js';

const REPO = join(FIXTURES, 'ecommerce-infra');

describe('--quiet and --verbose', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parity-levels-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('--quiet prints the verdict line alone, with the exit code of the verdict', async () => {
    const run = await runCli(['audit', '--repo', REPO, '--service', 'payments-service', '--quiet']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('parity: 1 blocking difference across 1 service');
    expect(run.stderr).toBe('');
  });

  it('--quiet on a gate prints the gate verdict', async () => {
    const run = await runCli(['gate', '--repo', REPO, '--service', 'payments-service', '--from', 'staging', '--to', 'production', '-q']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout.split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(/^parity gate closed: payments-service staging → production .*1 blocking difference/);
  });

  it('--quiet still writes the full report to --out', async () => {
    const out = join(dir, 'report.sarif');
    const run = await runCli(['audit', '--repo', REPO, '--service', 'payments-service', '--quiet', '--format', 'sarif', '--out', out]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('parity: 1 blocking difference across 1 service');
    const sarif = JSON.parse(await readFile(out, 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0]!.results.map((result) => result.ruleId)).toContain('MTLS_MISMATCH');
  });

  it('--quiet with a machine format and no --out is a usage error before anything renders', async () => {
    const run = await runCli(['audit', '--repo', REPO, '--quiet', '--format', 'json']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim()).toBe('parity: --quiet prints only the verdict line: with --format json, write the report with --out FILE');
    expect(run.stdout).toBe('');
  });

  it('--quiet and --verbose together are a usage error', async () => {
    const run = await runCli(['audit', '--repo', REPO, '--quiet', '--verbose']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("option '-q, --quiet' cannot be used with option '-v, --verbose'");
  });

  it('--verbose says on stderr what was discovered, the renderer, the time of each phase and the cache hits; stdout is unchanged', async () => {
    const env = { PARITY_CACHE_DIR: join(dir, 'cache') };
    const args = ['audit', '--repo', REPO, '--service', 'checkout-service', '--format', 'json'];
    const cold = await runCli([...args, '--verbose'], { env });
    expect(cold.exitCode).toBe(0);
    const lines = cold.stderr.split('\n');
    expect(lines[0]).toMatch(/^parity: discover: 1 service \(checkout-service\), 3 overlays in \d+(\.\d+)? m?s$/);
    expect(lines[1]).toBe('parity: config: parity.config.yaml; policies: <default>/policies/default.yaml, policies/payments.yaml');
    expect(lines[2]).toMatch(/^parity: renderer: (kubectl|kustomize) v?\d+\.\d+\.\d+ \(\/.+\)$/);
    expect(lines[3]).toMatch(/^parity: render: 3 overlays in \d+(\.\d+)? m?s; cache hits: 0 overlays$/);
    expect(lines[4]).toMatch(/^parity: compare: 1 service, \d+ findings in \d+(\.\d+)? m?s; cache hits: 0 services$/);
    const warm = await runCli([...args, '--verbose'], { env });
    expect(warm.stderr).toMatch(/render: 3 overlays in .*; cache hits: 3 overlays/);
    expect(warm.stderr).toMatch(/compare: 1 service, .*; cache hits: 1 service$/m);
    const plain = await runCli(args, { env });
    expect(plain.stderr).toBe('');
    // The same result but for the run's own time.
    const withoutTime = (stdout: string) => ({ ...(JSON.parse(stdout) as AuditResult), run: { ...(JSON.parse(stdout) as AuditResult).run, time: '' } });
    expect(withoutTime(warm.stdout)).toEqual(withoutTime(plain.stdout));
    expect(warm.stdout.split('\n').length).toBe(plain.stdout.split('\n').length);
  });

  it('--verbose with --no-cache says the cache is off', async () => {
    const run = await runCli(['audit', '--repo', REPO, '--service', 'checkout-service', '--no-cache', '--verbose']);
    expect(run.stderr).toMatch(/render: 3 overlays in .*; cache off/);
  });
});
