import { describe, expect, it } from 'vitest';
import { formatMarkdown, MARKDOWN_LIMIT } from '../../src/report/markdown.js';
import type { Finding } from '../../src/types.js';
import {
  buildAllowed,
  buildFinding,
  buildResult,
  gateVerdict,
  hostileResult,
  largeResult,
  paymentsResult,
  renderError,
} from './helpers.js';

/** Cells of a Markdown table row, split on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

function tableRows(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('| '));
}

describe('formatMarkdown verdict', () => {
  it('leads with the number of blocking differences and services', () => {
    const first = formatMarkdown(paymentsResult()).split('\n')[0];
    expect(first).toBe('### ❌ parity: 3 blocking differences across 2 services');
  });

  it('says so when nothing blocks', () => {
    const result = buildResult([buildAllowed(), buildFinding({ code: 'ALLOW_STALE', blocking: false, severity: 'warning' })]);
    expect(formatMarkdown(result).split('\n')[0]).toBe('### ✅ parity: no blocking differences');
  });

  it('shows errors before any finding and treats them as failing, even when the gate says open', () => {
    const result = buildResult([buildAllowed()], { errors: [renderError()], gate: gateVerdict(true) });
    const markdown = formatMarkdown(result);
    expect(markdown.split('\n')[0]).toMatch(/^### ❌ parity gate closed: payments-service staging → production \(tag v1\.4\.2\): 1 error$/);
    const errorAt = markdown.indexOf('RENDER\\_FAILED payments-service/production');
    expect(errorAt).toBeGreaterThan(0);
    expect(errorAt).toBeLessThan(markdown.indexOf('####'));
    expect(markdown).toContain('kustomization.yaml:5');
    expect(markdown).toContain(': closed**');
  });

  it('shows an open gate and the reasons of a closed one', () => {
    const open = formatMarkdown(buildResult([buildAllowed()], { gate: gateVerdict(true) }));
    expect(open.split('\n')[0]).toBe('### ✅ parity gate open: payments-service staging → production (tag v1.4.2): no blocking differences');
    const closed = formatMarkdown(buildResult([], { gate: gateVerdict(false, ['image tag latest is not immutable']) }));
    expect(closed.split('\n')[0]).toBe('### ❌ parity gate closed: payments-service staging → production (tag v1.4.2): image tag latest is not immutable');
    expect(closed).toContain('- image tag latest is not immutable');
    const inconsistent = formatMarkdown(buildResult([buildFinding()], { gate: gateVerdict(true) }));
    expect(inconsistent.split('\n')[0]).toMatch(/^### ❌ parity gate closed/);
    expect(inconsistent).toContain('v1.4.2: closed**');
  });
});

describe('formatMarkdown tables', () => {
  it('lists each blocking finding with code, resource, path, values per env and source', () => {
    const markdown = formatMarkdown(paymentsResult());
    const row = tableRows(markdown).find((line) => line.includes('MTLS\\_MISMATCH'))!;
    expect(cells(row)).toEqual([
      'MTLS\\_MISMATCH',
      'Deployment/payments-service',
      'spec.template.spec.containers\\[name=app\\].env\\[name=PROCESSOR\\_URL\\]',
      'tls: none',
      'mtls: client certificate',
      'apps/payments-service/overlays/production/patch-mtls.yaml:12',
    ]);
    const section = markdown.slice(markdown.indexOf('#### ❌ payments-service · staging → production'));
    expect(cells(tableRows(section)[0]!)).toEqual(['Code', 'Resource', 'Path', 'staging', 'production', 'Source']);
  });

  it('folds allowed differences into <details> with the rule or waiver and its reason', () => {
    const result = buildResult([
      buildFinding(),
      buildAllowed({ path: 'spec.replicas' }),
      buildAllowed({ path: 'spec.template.metadata.labels.tier' }, 'W-7'),
    ]);
    const markdown = formatMarkdown(result);
    const details = markdown.slice(markdown.indexOf('<details>'), markdown.indexOf('</details>'));
    expect(details).toContain('<summary>2 allowed differences</summary>');
    const rows = tableRows(details).map(cells);
    expect(rows[0]).toEqual(['Code', 'Resource', 'Path', 'staging', 'production', 'Allowed by', 'Reason']);
    expect(rows).toContainEqual(expect.arrayContaining(['spec.replicas', '1', '3', 'rule replicas', 'capacity differs per environment by design']));
    expect(rows).toContainEqual(
      expect.arrayContaining(['waiver W-7 (owner team-payments, expires 2026-12-31)', 'migration in progress']),
    );
    expect(markdown.indexOf('<details>')).toBeGreaterThan(markdown.indexOf('| VALUE\\_DRIFT | Deployment/payments-service | spec.template'));
  });

  it('lists warnings with their message', () => {
    const markdown = formatMarkdown(paymentsResult());
    expect(markdown).toContain('**1 warning**');
    const row = tableRows(markdown).find((line) => line.includes('SECRET\\_REUSED'))!;
    expect(cells(row)[0]).toBe('SECRET\\_REUSED');
    expect(cells(row)[2]).toContain('holds the same secret value');
  });

  it('escapes pipes, backticks, HTML and newlines so every row keeps its cells', () => {
    const markdown = formatMarkdown(hostileResult());
    const rows = tableRows(markdown);
    const header = cells(rows[0]!);
    for (const row of rows) expect(cells(row)).toHaveLength(header.length);
    const data = rows.find((row) => row.includes('ConfigMap'))!;
    const [, resource, path, staging, production, source] = cells(data);
    expect(resource).toBe('ConfigMap/a\\|b\\`c&lt;d&gt;');
    expect(path).toBe('metadata.annotations\\["x.io/a\\|b"\\]');
    expect(staging).toContain('line1<br>line2 \\| \\`tick\\` &lt;script&gt;alert(1)&lt;/script&gt; &amp;');
    expect(production).toContain('\\*\\*bold\\*\\* \\_em\\_ \\[link\\](http://x)');
    expect(production).not.toContain('\u0007');
    expect(source).toBe('apps/web/overlays/production/a,b:c%.yaml:7');
    expect(markdown).not.toMatch(/<script|<b>|<d>/);
  });
});

describe('formatMarkdown size limit', () => {
  it('stays within 65,536 UTF-16 code units for thousands of findings and says what it left out', () => {
    const result = largeResult(5_000);
    const markdown = formatMarkdown(result);
    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    const blocking = result.findings.filter((f) => f.blocking).length;
    const warnings = result.findings.filter((f) => !f.blocking && f.allowed === null).length;
    const allowed = result.findings.filter((f) => f.allowed !== null).length;
    const note = /… (\d+) allowed, (\d+) warnings and (\d+) blocking findings not shown/.exec(markdown);
    expect(note).not.toBeNull();
    expect(Number(note![1])).toBe(allowed);
    expect(Number(note![2])).toBe(warnings);
    const shownBlocking = tableRows(markdown).filter((row) => row.includes('| VALUE\\_DRIFT |')).length;
    expect(shownBlocking).toBeGreaterThan(0);
    expect(Number(note![3]) + shownBlocking).toBe(blocking);
    expect(markdown).toContain('see the JSON report');
    expect(markdown.split('\n')[0]).toBe(`### ❌ parity: ${blocking} blocking differences across 5 services`);
    expect(markdown).not.toContain('<details>');
  });

  it('cuts blocking rows per service evenly, so every service keeps the same number', () => {
    const markdown = formatMarkdown(largeResult(5_000));
    const rows = tableRows(markdown).filter((row) => row.includes('| VALUE\\_DRIFT |'));
    const perService = Array.from({ length: 5 }, (_, service) => {
      const first = rows.findIndex((row) => row.startsWith(`| service-${service} (`));
      expect(first).toBeGreaterThanOrEqual(0);
      const next = rows.findIndex((row, index) => index > first && !row.startsWith('|  |'));
      return (next < 0 ? rows.length : next) - first;
    });
    expect(new Set(perService).size).toBe(1);
    expect(perService[0]).toBeGreaterThan(1);
  });

  it('drops allowed differences first and keeps everything else when that is enough', () => {
    const findings: Finding[] = [
      ...Array.from({ length: 20 }, (_, i) => buildFinding({ path: `spec.blocking${i}` })),
      buildFinding({ code: 'SECRET_REUSED', blocking: false, severity: 'warning', path: 'data.KEY' }),
      ...Array.from({ length: 2_000 }, (_, i) => buildAllowed({ path: `spec.allowed${i}` })),
    ];
    const markdown = formatMarkdown(buildResult(findings));
    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(markdown).toContain('… 2000 allowed findings not shown');
    expect(tableRows(markdown).filter((row) => row.startsWith('| VALUE\\_DRIFT |'))).toHaveLength(20);
    expect(markdown).toContain('SECRET\\_REUSED');
    expect(markdown).not.toContain('spec.allowed');
  });

  it('measures in UTF-16 code units and never splits a surrogate pair', () => {
    const wide = '𝔭𝔞𝔯𝔦𝔱𝔶'.repeat(30);
    const findings = Array.from({ length: 3_000 }, (_, i) =>
      buildFinding({ path: `spec.x${i}`, values: { staging: wide, production: `${wide}!` } }),
    );
    const markdown = formatMarkdown(buildResult(findings));
    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(markdown).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(markdown).toMatch(/… \d+ blocking findings not shown/);
  });

  it('still fits when the errors alone are too long', () => {
    const errors = Array.from({ length: 3_000 }, (_, i) => renderError({ message: `render ${i} failed: ${'x'.repeat(100)}` }));
    const markdown = formatMarkdown(buildResult([], { errors }));
    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(markdown.split('\n')[0]).toBe('### ❌ parity: 3000 errors');
    expect(markdown).toContain('report cut at GitHub’s 65,536-character limit');
  });
});
