/** The gate's check evidence in every human-facing format: the small table and the window lines. */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatResult } from '../../src/report/index.js';
import type { AuditResult, GateCheck, PerformanceEvidence } from '../../src/types.js';
import { buildResult, gateVerdict } from '../report/helpers.js';

const latency: PerformanceEvidence = {
  name: 'p99-latency',
  query: 'histogram_quantile(0.99, sum by (le) (rate(http_seconds_bucket{service="checkout-service"}[5m])))',
  better: 'lower',
  tolerance: 10,
  rollout: { at: '2026-12-02T16:14:00.000Z', from: 'replicaset', ref: 'checkout-service-7d9f8c' },
  before: { start: '2026-12-02T13:14:00.000Z', end: '2026-12-02T16:14:00.000Z', value: 0.2, samples: 180 },
  after: { start: '2026-12-02T16:14:00.000Z', end: '2026-12-02T19:14:00.000Z', value: 0.23, samples: 180 },
  ratio: 1.15,
  verdict: 'fail',
};
const errors: PerformanceEvidence = { ...latency, name: 'error-rate', query: 'sum(rate(errors_total[5m]))', before: { ...latency.before, value: 4 }, after: { ...latency.after, value: 3 }, ratio: 0.75, verdict: 'pass' };

const WINDOWS =
  'performance windows: before 2026-12-02T13:14:00Z → 2026-12-02T16:14:00Z, after 2026-12-02T16:14:00Z → 2026-12-02T19:14:00Z; ' +
  'rollout started 2026-12-02T16:14:00Z (ReplicaSet checkout-service-7d9f8c, from the cluster)';

function gateResult(evidence: PerformanceEvidence[] = [latency, errors]): AuditResult {
  const checks: GateCheck[] = [
    { name: 'parity', verdict: 'pass', reasons: [] },
    { name: 'performance', verdict: 'fail', reasons: ["performance check 'p99-latency': 15.0% worse than before the rollout"], evidence },
    { name: 'incidents', verdict: 'pass', reasons: [], evidence: { matchers: ['severity=~"P1|P2"'], alerts: [] } },
  ];
  return buildResult([], { gate: { ...gateVerdict(false, checks[1]!.reasons), checks } });
}

describe('the gate check table', () => {
  it('markdown: one row per query with both values, ratio, tolerance and verdict, then the windows', () => {
    const text = formatResult(gateResult(), 'markdown', { color: false });
    expect(text).toContain('| check | what | before | after | ratio | tolerance | verdict |');
    expect(text).toMatch(/\| performance p99-latency \| histogram\\_quantile\(0\.99.*\(lower is better\) \| 0\.2 \| 0\.23 \| 1\.15 \| 10% \| fail \|/);
    expect(text).toMatch(/\| performance error-rate \| sum\(rate\(errors\\_total\\\[5m\\\]\)\) \(lower is better\) \| 4 \| 3 \| 0\.75 \| 10% \| pass \|/);
    expect(text).toMatch(/\| incidents \| 0 open alerts matching severity=\\?~"P1\\\|P2" \|/);
    expect(text).toContain(WINDOWS);
    expect(text.split(WINDOWS)).toHaveLength(2);
  });

  it('html: a table of the same cells, then the windows', () => {
    const html = formatResult(gateResult(), 'html', { color: false });
    expect(html).toContain('<table class="checks"><thead><tr><th>check</th><th>what</th><th>before</th><th>after</th><th>ratio</th><th>tolerance</th><th>verdict</th></tr></thead>');
    expect(html).toContain('<td>performance p99-latency</td>');
    expect(html).toContain('<td>0.2</td><td>0.23</td><td>1.15</td><td>10%</td><td>fail</td>');
    expect(html).toContain(`<p class="check-note">${WINDOWS.replaceAll('"', '&quot;')}</p>`);
  });

  it('human: aligned columns and the windows', () => {
    const text = formatResult(gateResult(), 'human', { color: false });
    expect(text).toMatch(/^ {2}performance p99-latency +histogram_quantile.* +0\.2 +0\.23 +1\.15 +10% +fail$/m);
    expect(text).toContain(`  ${WINDOWS}`);
  });

  it('junit: the gate case carries the table and the windows in <system-out>', () => {
    const xml = formatResult(gateResult(), 'junit', { color: false });
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml) as { testsuites: { testsuite: { testcase: Array<{ '@_name': string; 'system-out'?: string }> } } };
    const gate = [parsed.testsuites.testsuite.testcase].flat().find((test) => test['@_name'] === 'gate staging → production')!;
    expect(gate['system-out']).toMatch(/performance p99-latency +histogram_quantile.* +0\.2 +0\.23 +1\.15 +10% +fail/);
    expect(gate['system-out']).toContain(WINDOWS);
  });

  it('json: the evidence as data', () => {
    const result = JSON.parse(formatResult(gateResult(), 'json', { color: false })) as AuditResult;
    expect(result.gate?.checks?.map((check) => [check.name, check.verdict])).toEqual([['parity', 'pass'], ['performance', 'fail'], ['incidents', 'pass']]);
    expect(result.gate?.checks?.[1]?.evidence).toEqual([latency, errors]);
  });

  it('says when the rollout time came from git, and why the cluster could not tell', () => {
    const fromGit = { ...latency, rollout: { at: latency.rollout.at, from: 'git' as const, ref: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567', note: 'the cluster could not tell: GET /apis/apps/v1: cannot reach https://10.0.0.1 (context staging): connect ECONNREFUSED' } };
    const text = formatResult(gateResult([fromGit]), 'markdown', { color: false });
    expect(text).toContain('rollout started 2026-12-02T16:14:00Z (commit 0a1b2c3d4e5f, from git (the cluster could not tell: GET /apis/apps/v1: cannot reach https://10.0.0.1 (context staging): connect ECONNREFUSED))');
  });

  it('is left out when the gate ran only the parity check', () => {
    const result = buildResult([], { gate: { ...gateVerdict(true), checks: [{ name: 'parity', verdict: 'pass', reasons: [] }] } });
    expect(formatResult(result, 'markdown', { color: false })).not.toContain('| check |');
    expect(formatResult(result, 'html', { color: false })).not.toContain('class="checks"');
  });
});
