import { execa } from 'execa';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPerformance, type PerformanceInput } from '../../src/gate/checks/performance.js';
import { rolloutFromGit, type Rollout } from '../../src/gate/checks/rollout-time.js';
import type { AuditResult, PerformanceCheckRule, PerformanceEvidence } from '../../src/types.js';
import { hasBinary, startPrometheus, type RunningServer } from '../support/monitoring.js';
import { runCli } from '../support/run-cli.js';
import { FIXTURES } from '../support/temp-copy.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const DEV_KUSTOMIZATION = 'apps/checkout-service/overlays/dev/kustomization.yaml';
const MINUTE = 60;
/** The source rollout: three hours ago, on a whole minute (backfilled blocks must be older than the head). */
const T0 = Math.floor((Date.now() / 1000 - 3 * 3600) / MINUTE) * MINUTE;

/** Series whose value steps from `before` to `after` at T0; samples every minute, off the query grid by 30s. */
const SCENARIOS: Record<string, { before: number; after: number; afterMinutes?: number }> = {
  within: { before: 100, after: 105 },
  regress: { before: 100, after: 111 },
  improve: { before: 100, after: 80 },
  short: { before: 100, after: 100, afterMinutes: 4 },
};

function openMetrics(): string {
  const lines = ['# TYPE parity_test_metric gauge'];
  for (const [scenario, { before, after, afterMinutes = 60 }] of Object.entries(SCENARIOS)) {
    for (let t = T0 - 2 * 3600 + 30; t <= T0 + afterMinutes * MINUTE; t += MINUTE) {
      lines.push(`parity_test_metric{scenario="${scenario}",service="checkout-service"} ${t < T0 ? before : after} ${t}`);
    }
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

const rule = (scenario: string, better: 'higher' | 'lower', extra: Partial<PerformanceCheckRule> = {}): PerformanceCheckRule => ({
  name: `${scenario}-${better}`,
  query: `avg(parity_test_metric{scenario="${scenario}", service="{{service}}"})`,
  better,
  tolerance: 10,
  step: '1m',
  declared: { file: 'policies/gates.yaml' },
  ...extra,
});

const available = await hasBinary('prometheus').then(async (found) => found && (await hasBinary('promtool')));

describe.skipIf(!available)('performance gate against a real Prometheus', () => {
  let prometheus: RunningServer;
  let repo: TempRepo;
  let rollout: Rollout;

  beforeAll(async () => {
    prometheus = await startPrometheus(openMetrics());
    repo = await createTempRepo({}, join(FIXTURES, 'ecommerce-infra'));
    const text = (await execa('git', ['show', `HEAD:${DEV_KUSTOMIZATION}`], { cwd: repo.dir })).stdout;
    await repo.write(DEV_KUSTOMIZATION, `${text.replace('newTag: 1.4.3-8d1e7f0', 'newTag: 1.4.4-0a1b2c3')}\n`);
    await repo.git('add', DEV_KUSTOMIZATION);
    const date = `${T0} +0000`;
    await execa('git', ['commit', '-q', '-m', 'promote(dev): checkout-service → 1.4.4-0a1b2c3'], {
      cwd: repo.dir,
      env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date },
    });
    rollout = (await rolloutFromGit(repo.dir, DEV_KUSTOMIZATION))!;
  }, 120_000);
  afterAll(async () => {
    await prometheus?.stop();
    await repo?.remove();
  });

  const judge = async (rules: PerformanceCheckRule[], extra: Partial<PerformanceInput> = {}) =>
    checkPerformance({
      endpoint: { url: prometheus.url },
      rules,
      vars: { service: 'checkout-service', namespace: 'ecommerce-dev', env: 'dev' },
      rollout,
      now: new Date(),
      minWindowMs: 10 * 60_000,
      ...extra,
    });
  const evidenceOf = (check: { evidence?: unknown }) => (check.evidence as PerformanceEvidence[])[0]!;

  it('takes the rollout time from the commit that last changed the source tag', async () => {
    expect(rollout.from).toBe('git');
    expect(rollout.at.getTime()).toBe(T0 * 1000);
    expect(rollout.ref).toBe((await repo.git('rev-parse', 'HEAD')).trim());
  });

  it('passes within the tolerance and reports the query as sent, both windows, both values and the ratio', async () => {
    const check = await judge([rule('within', 'lower')]);
    expect(check.verdict).toBe('pass');
    const evidence = evidenceOf(check);
    expect(evidence.query).toBe('avg(parity_test_metric{scenario="within", service="checkout-service"})');
    expect(evidence.after.start).toBe(new Date(T0 * 1000).toISOString());
    expect(evidence.before.end).toBe(evidence.after.start);
    expect(Date.parse(evidence.before.start)).toBe(T0 * 1000 - (Date.parse(evidence.after.end) - T0 * 1000));
    expect(evidence.before.value).toBeCloseTo(100, 5);
    expect(evidence.after.value).toBeGreaterThan(104.9);
    expect(evidence.after.value).toBeLessThanOrEqual(105);
    expect(evidence.ratio).toBeCloseTo(1.05, 2);
    expect(evidence.tolerance).toBe(10);
  });

  it('fails on an 11% regression when lower is better', async () => {
    const check = await judge([rule('regress', 'lower')]);
    expect(check.verdict).toBe('fail');
    expect(evidenceOf(check).verdict).toBe('fail');
    expect(check.reasons).toEqual([expect.stringMatching(/^performance check 'regress-lower': 10\.\d% worse than before the rollout \(100 → 110\.\d+, lower is better, tolerance 10%\)$/)]);
  });

  it('reads the same rise as an improvement when higher is better', async () => {
    const check = await judge([rule('regress', 'higher')]);
    expect(check.verdict).toBe('pass');
    expect(check.reasons).toEqual([]);
  });

  it('passes an improvement when lower is better and fails the same fall when higher is better', async () => {
    expect((await judge([rule('improve', 'lower')])).verdict).toBe('pass');
    const higher = await judge([rule('improve', 'higher')]);
    expect(higher.verdict).toBe('fail');
    expect(higher.reasons[0]).toMatch(/'improve-higher': 19\.\d% worse/);
  });

  it('honours a wider tolerance', async () => {
    expect((await judge([rule('regress', 'lower', { tolerance: 15 })])).verdict).toBe('pass');
  });

  it('never passes without data: no samples on either side closes the gate', async () => {
    const check = await judge([rule('absent', 'lower')]);
    expect(check.verdict).toBe('fail');
    expect(check.reasons).toEqual([
      "performance check 'absent-lower': too little data: no samples in the window before the rollout",
      "performance check 'absent-lower': too little data: no samples in the window after the rollout",
    ]);
    expect(evidenceOf(check).ratio).toBeNull();
  });

  it('fails when the samples after the rollout cover less than the window asked for', async () => {
    const check = await judge([rule('short', 'lower')], { minWindowMs: 30 * 60_000 });
    expect(check.verdict).toBe('fail');
    expect(check.reasons).toEqual([expect.stringMatching(/^performance check 'short-lower': too little data: \d+m\d*s? of samples after the rollout, at least 30m needed$/)]);
  });

  it('fails when the rollout is more recent than the soak time', async () => {
    const check = await judge([rule('within', 'lower')], { rollout: { ...rollout, at: new Date(Date.now() - 2 * 60_000) } });
    expect(check.verdict).toBe('fail');
    expect(check.reasons[0]).toMatch(/too little data: the rollout started 2m\d*s? ago, the window must be at least 10m/);
  });

  it('is an error naming the check when Prometheus rejects the query', async () => {
    const check = await judge([rule('within', 'lower', { name: 'broken', query: 'avg(parity_test_metric{' })]);
    expect(check.verdict).toBe('error');
    expect(check.reasons).toEqual([expect.stringMatching(/^performance check 'broken': Prometheus rejected the query: .*parse error/)]);
  });

  describe('parity gate --check-performance (the CLI)', () => {
    const policy = (query: string) =>
      `apiVersion: parity.dev/v1alpha1\nkind: ParityPolicy\nmetadata: {name: gates}\nspec:\n  gates:\n    performance:\n      - name: latency\n        query: '${query}'\n        better: lower\n`;
    const gate = (url: string, extra: string[] = []) =>
      runCli([
        'gate', '--repo', repo.dir, '--service', 'checkout-service', '--from', 'dev', '--to', 'staging',
        '--check-performance', '--prometheus', url, '--format', 'json', ...extra,
      ]);

    it('opens with a performance check in the gate JSON, and shows the table in markdown', async () => {
      await writeFile(join(repo.dir, 'policies/gates.yaml'), policy('avg(parity_test_metric{scenario="within", service="{{service}}"})'));
      const run = await gate(prometheus.url);
      const result = JSON.parse(run.stdout) as AuditResult;
      expect(result.gate?.checks?.map((check) => [check.name, check.verdict])).toEqual([['parity', 'pass'], ['performance', 'pass']]);
      expect(evidenceOf(result.gate!.checks![1]!).rollout).toEqual({ at: new Date(T0 * 1000).toISOString(), from: 'git', ref: rollout.ref });
      expect(run.exitCode).toBe(0);
      const markdown = await gate(prometheus.url, ['--format', 'markdown']);
      expect(markdown.stdout).toMatch(/\| performance latency \| avg\(parity\\_test\\_metric.* \| 100 \| 10[45](\.\d+)? \| 1\.05 \| 10% \| pass \|/);
    });

    it('closes (exit 1) on a regression', async () => {
      await writeFile(join(repo.dir, 'policies/gates.yaml'), policy('avg(parity_test_metric{scenario="regress", service="{{service}}"})'));
      const run = await gate(prometheus.url);
      expect(JSON.parse(run.stdout).gate.open).toBe(false);
      expect(run.exitCode).toBe(1);
    });

    it('exits 2 naming the check on a PromQL syntax error', async () => {
      await writeFile(join(repo.dir, 'policies/gates.yaml'), policy('avg(parity_test_metric{'));
      const run = await gate(prometheus.url);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/^parity: performance check 'latency': Prometheus rejected the query: .*parse error/m);
    });

    it('exits 2 when Prometheus is unreachable', async () => {
      await writeFile(join(repo.dir, 'policies/gates.yaml'), policy('avg(parity_test_metric)'));
      const run = await gate('http://127.0.0.1:9');
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/^parity: performance check 'latency': cannot reach http:\/\/127\.0\.0\.1:9: ECONNREFUSED/m);
    });

    it('exits 2 without a Prometheus URL, before anything renders', async () => {
      const run = await runCli(['gate', '--repo', repo.dir, '--service', 'checkout-service', '--from', 'dev', '--to', 'staging', '--check-performance'], { env: {} });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/--prometheus or PARITY_PROMETHEUS_URL is required/);
    });
  });
});
