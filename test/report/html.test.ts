import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compareWithBaseline } from '../../src/baseline/compare-baseline.js';
import { formatHtml } from '../../src/report/html.js';
import { buildAllowed, buildFinding, buildResult, gateVerdict, hostileResult, paymentsResult, renderError } from './helpers.js';

describe('formatHtml', () => {
  it('is one self-contained page: inline CSS, one inline script the CSP allows by hash, nothing loaded', () => {
    const html = formatHtml(paymentsResult());
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    const csp = /content="(default-src 'none'[^"]*)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("style-src 'unsafe-inline'");
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    expect(scripts).toHaveLength(1);
    expect(csp).toContain(`script-src 'sha256-${createHash('sha256').update(scripts[0]!).digest('base64')}'`);
    expect(html).not.toMatch(/<link|<img|<iframe|\bsrc=|@import|url\(/i);
  });

  it('leads with the verdict in words and symbols, not emoji, then the services at risk first', () => {
    const html = formatHtml(paymentsResult());
    expect(html).toContain('<title>parity: 3 blocking differences across 2 services</title>');
    expect(html).not.toMatch(/[✅❌]/u);
    const header = html.slice(html.indexOf('<header class="verdict fail">'), html.indexOf('</header>'));
    expect(header).toContain('<span class="badge blocking"><span aria-hidden="true">✗</span> fail</span> parity: 3 blocking differences across 2 services');
    const rows = [...html.matchAll(/<tr data-service="([^"]*)" data-status="([^"]*)"><th scope="row">/g)].map((match) => `${match[1]}:${match[2]}`);
    expect(rows).toEqual(['checkout:blocking', 'payments-service:blocking']);
    expect(html.indexOf('id="overview"')).toBeLessThan(html.indexOf('id="details"'));
  });

  it('folds allowed differences per rule and puts blocking findings first in each pair', () => {
    const html = formatHtml(paymentsResult());
    const pair = html.slice(html.indexOf('<h4>payments-service: staging → production'));
    expect(pair.indexOf('MTLS_MISMATCH')).toBeLessThan(pair.indexOf('SECRET_REUSED'));
    expect(pair).toContain('<details class="allowed"><summary>1 allowed difference by rule external-endpoints: <span class="reason">sandbox processor outside production</span></summary>');
    expect(pair).toContain('<details class="allowed"><summary>1 allowed difference by rule replicas:');
    expect(pair.indexOf('SECRET_REUSED')).toBeLessThan(pair.indexOf('<details'));
  });

  it('links sources through the template with file and line, plain text without one', () => {
    const result = paymentsResult();
    const linked = formatHtml(result, { sourceUrl: 'https://github.com/acme/infra/blob/abc123/{path}#L{line}' });
    expect(linked).toContain('<a href="https://github.com/acme/infra/blob/abc123/apps/payments-service/overlays/production/patch-mtls.yaml#L12">apps/payments-service/overlays/production/patch-mtls.yaml:12</a>');
    expect(formatHtml(result)).not.toContain('<a href="https://');
  });

  it('shows errors first in boxes, without the absolute repository or temp paths', () => {
    const message = 'lstat /home/ci/work/infra/apps/payments-service/base: no such file\nwrapper /tmp/parity-render-x1y2/kustomization.yaml';
    const failing = formatHtml(buildResult([buildAllowed()], { errors: [renderError({ message })], gate: gateVerdict(false) }), {
      localPaths: { repoDir: '/home/ci/work/infra', tempDirs: ['/tmp'] },
    });
    const errors = failing.indexOf('<section id="errors" class="errors"');
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(failing.indexOf('id="overview"'));
    expect(failing).toContain('lstat apps/payments-service/base: no such file\nwrapper &lt;tmp&gt;/kustomization.yaml');
    expect(failing).not.toMatch(/\/home\/ci|\/tmp\//);
    expect(failing).toContain('<span class="bad">closed</span>');
    expect(failing).toMatch(/<td class="cell error"[^>]*><a href="#svc-0-pair-1">/);
  });

  it('marks new findings and lists resolved ones in a "since last report" section before the overview', () => {
    const kept = buildFinding({ id: 'kept' });
    const fixed = buildFinding({ id: 'fixed', path: 'spec.fixed' });
    const added = buildFinding({ id: 'added', path: 'spec.added' });
    const result = compareWithBaseline(buildResult([kept, added]), buildResult([kept, fixed]), 'previous.json');
    const html = formatHtml(result);
    const since = html.indexOf('<section id="since"');
    expect(since).toBeGreaterThan(0);
    expect(since).toBeLessThan(html.indexOf('<section id="overview"'));
    expect(html).toContain('<span class="new">1 new</span> (1 blocking) · <span class="resolved">1 resolved</span> · 1 unchanged');
    expect(html).toMatch(/<tr class="resolved blocking" data-finding="fixed" data-change="resolved">/);
    expect(html).toMatch(/<tr id="finding-added" class="blocking" data-code="VALUE_DRIFT" data-status="new">/);
    expect(html).toMatch(/<tr id="finding-kept" class="blocking" data-code="VALUE_DRIFT" data-status="unchanged">/);
  });

  it('escapes every piece of result text', () => {
    const html = formatHtml(hostileResult());
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;s&#39;');
    expect(html).toContain('web|&lt;app&gt;</a></th>');
    expect(html).toContain('&lt;b&gt;html&lt;/b&gt;');
    expect(html).not.toContain('\u0007');
  });
});
