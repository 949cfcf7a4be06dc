import { describe, expect, it } from 'vitest';
import { formatMarkdown, MARKDOWN_LIMIT } from '../../src/report/markdown.js';
import type { Finding } from '../../src/types.js';
import { buildAllowed, buildFinding, buildResult } from './helpers.js';

const RUN_URL = 'https://github.com/shop/gitops/actions/runs/4242';

/**
 * `drifted` services each with five blocking findings (an IMAGE_MISMATCH and three VALUE_DRIFT
 * that come before its MTLS_MISMATCH in report order), a warning and three allowed differences,
 * plus `clean` services with allowed differences only, whose names sort before every drifted one.
 */
function fleet(drifted: number, clean: number): ReturnType<typeof buildResult> {
  const findings: Finding[] = [];
  for (let index = 0; index < drifted; index += 1) findings.push(...driftedService(`svc-${String(index).padStart(4, '0')}`));
  for (let index = 0; index < clean; index += 1) {
    const service = `aaa-clean-${String(index).padStart(3, '0')}`;
    findings.push(...[1, 2].map((n) => buildAllowed({ service, path: `spec.allowed${n}`, source: null })));
  }
  return buildResult(findings);
}

function driftedService(service: string): Finding[] {
  const resource = { apiVersion: 'apps/v1', kind: 'Deployment', name: service };
  const source = { file: `apps/${service}/overlays/production/patch.yaml`, line: 12 };
  const env = (name: string) => `spec.template.spec.containers[name=app].env[name=${name}].value`;
  return [
    buildFinding({ service, resource, source, code: 'IMAGE_MISMATCH', path: 'spec.template.spec.containers[name=app].image', values: { staging: 'ghcr.io/shop/app:1.2.3', production: 'docker.io/shop/app:1.2.3' } }),
    ...[1, 2, 3].map((n) => buildFinding({ service, resource, source, path: env(`VAR_${n}`), values: { staging: `staging-value-${n}`, production: `production-value-${n}` } })),
    buildFinding({ service, resource, source, code: 'MTLS_MISMATCH', path: env('PROCESSOR_URL'), values: { staging: 'tls: none', production: 'mtls: client certificate' } }),
    buildFinding({ service, resource, source: null, code: 'SECRET_REUSED', blocking: false, severity: 'warning', path: 'data.API_KEY', values: { staging: '<redacted>', production: '<redacted>' } }),
    ...[1, 2, 3].map((n) => buildAllowed({ service, resource, source, path: `spec.replicas${n}` })),
  ];
}

function rows(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Service |') && !line.startsWith('| --- |'));
}

/** The service named in each row that starts a service (continuation rows leave the cell empty). */
function serviceCells(markdown: string): string[] {
  return rows(markdown)
    .map((row) => row.split(' | ')[0]!.slice(2).replace(/\\_/g, '_'))
    .filter((cell) => cell !== '' && cell !== ' |');
}

describe('formatMarkdown at 300 drifted services', () => {
  const result = fleet(300, 20);
  const markdown = formatMarkdown(result, { reportUrl: RUN_URL });

  it('fits the comment limit', () => {
    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    // Full detail would not: the shortening is real.
    expect(result.findings.length * 150).toBeGreaterThan(MARKDOWN_LIMIT);
  });

  it('shows at least the first blocking finding of every drifted service, the most important one first', () => {
    const starts = rows(markdown).filter((row) => !row.startsWith('|  |'));
    expect(starts).toHaveLength(300);
    for (const row of starts) expect(row).toMatch(/^\| svc-\d{4} \(\d of 5\) \| MTLS\\_MISMATCH \|/);
    expect(markdown).not.toContain('not shown._');
    expect(markdown).not.toMatch(/\| svc-\d{4} \(0 of/);
  });

  it('trims every service evenly and keeps services in order, the clean ones left out of the table', () => {
    const names = serviceCells(markdown).map((cell) => cell.split(' ')[0]);
    expect(names).toEqual(Array.from({ length: 300 }, (_, i) => `svc-${String(i).padStart(4, '0')}`));
    const shown = new Set(serviceCells(markdown).map((cell) => /\((\d) of 5\)/.exec(cell)?.[1]));
    expect(shown.size).toBe(1);
    expect(markdown).not.toContain('aaa-clean');
  });

  it('says what it left out and ends with the link to the full report', () => {
    const hidden = 300 * (5 - Number(/\((\d) of 5\)/.exec(markdown)![1]));
    expect(markdown).toContain(`> … 940 allowed, 300 warnings and ${hidden} blocking findings not shown (GitHub’s size limit); see the [full report](${RUN_URL}).`);
    expect(markdown.trimEnd().split('\n').at(-1)).toBe(`**[Full report](${RUN_URL})** (this comment is shortened).`);
  });
});

describe('formatMarkdown at 2,000 drifted services', () => {
  const result = fleet(2_000, 50);
  const markdown = formatMarkdown(result, { reportUrl: RUN_URL });

  it('fits the comment limit by collapsing to a table of services with counts', () => {
    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(markdown).toContain('| Service | Blocking | Warnings | Allowed | Most important |');
    expect(markdown).toContain('| svc-0000 | 5 | 1 | 3 | MTLS\\_MISMATCH |');
    expect(markdown).not.toContain('| VALUE\\_DRIFT |');
  });

  it('lists services with blocking findings first and counts the ones it could not list', () => {
    const listed = serviceCells(markdown);
    expect(listed[0]).toBe('svc-0000');
    const firstClean = listed.findIndex((name) => name.startsWith('aaa-clean'));
    if (firstClean >= 0) expect(listed.slice(firstClean).every((name) => name.startsWith('aaa-clean'))).toBe(true);
    const more = /… and (\d+) more services \((\d+) with blocking findings\) not listed/.exec(markdown.replace(/\\/g, ''));
    expect(more).not.toBeNull();
    expect(listed.length + Number(more![1])).toBe(2_050);
    expect(Number(more![2])).toBe(2_000 - listed.filter((name) => name.startsWith('svc-')).length);
  });

  it('ends with the link to the full report, and without a URL points at the full formats', () => {
    expect(markdown.trimEnd().split('\n').at(-1)).toBe(`**[Full report](${RUN_URL})** (this comment is shortened).`);
    const offline = formatMarkdown(result);
    expect(offline.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(offline.trimEnd().split('\n').at(-1)).toContain('`parity audit --format html` or `--format json`');
  });
});

describe('formatMarkdown order and link before shortening', () => {
  it('puts services with blocking findings first and adds no link when everything fits', () => {
    const result = fleet(2, 2);
    const markdown = formatMarkdown(result, { reportUrl: RUN_URL });
    expect(markdown.indexOf('#### ❌ svc-0001')).toBeLessThan(markdown.indexOf('#### ✅ aaa-clean-000'));
    expect(markdown).not.toContain('Full report');
  });

  it('drops allowed detail first and then links to the full report', () => {
    const findings = [buildFinding(), ...Array.from({ length: 1_500 }, (_, i) => buildAllowed({ path: `spec.allowed${i}` }))];
    const markdown = formatMarkdown(buildResult(findings), { reportUrl: 'https://ci.example/run (1)' });
    expect(markdown).toContain('… 1500 allowed findings not shown');
    expect(markdown).toContain('| VALUE\\_DRIFT | Deployment/payments-service |');
    expect(markdown.trimEnd().endsWith('**[Full report](https://ci.example/run%20%281%29)** (this comment is shortened).')).toBe(true);
  });
});
