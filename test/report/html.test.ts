import { describe, expect, it } from 'vitest';
import { formatHtml } from '../../src/report/html.js';
import { buildAllowed, buildResult, gateVerdict, hostileResult, paymentsResult, renderError } from './helpers.js';

describe('formatHtml', () => {
  it('is one self-contained page: inline CSS, no scripts, nothing loaded from the network', () => {
    const html = formatHtml(paymentsResult());
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|@import|url\(/i);
  });

  it('leads with the verdict, then per-service sections with tables and allowed differences folded', () => {
    const html = formatHtml(paymentsResult());
    expect(html).toContain('<h1 class="fail">❌ parity: 3 blocking differences across 2 services</h1>');
    expect(html).toContain('<title>parity: 3 blocking differences across 2 services</title>');
    const checkout = html.indexOf('<h2>checkout</h2>');
    const payments = html.indexOf('<h2>payments-service</h2>');
    expect(checkout).toBeGreaterThan(html.indexOf('<h1'));
    expect(payments).toBeGreaterThan(checkout);
    const section = html.slice(payments);
    expect(section).toContain('<p class="blocking">1 blocking difference</p>');
    expect(section).toContain('<td>MTLS_MISMATCH</td><td>Deployment/payments-service</td>');
    const details = section.slice(section.indexOf('<details>'), section.indexOf('</details>'));
    expect(details).toContain('2 allowed differences');
    expect(details).toContain('<td>rule external-endpoints</td><td>sandbox processor outside production</td>');
    expect(section.indexOf('SECRET_REUSED')).toBeLessThan(section.indexOf('<details>'));
  });

  it('shows errors prominently before the services, and a passing verdict when nothing blocks', () => {
    const failing = formatHtml(buildResult([buildAllowed()], { errors: [renderError()], gate: gateVerdict(true) }));
    const errors = failing.indexOf('<section class="errors" role="alert">');
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(failing.indexOf('<section class="service">'));
    expect(failing).toContain('<h1 class="fail">');
    expect(failing).toContain('<strong class="blocking">closed</strong>');
    const passing = formatHtml(buildResult([buildAllowed()]));
    expect(passing).toContain('<h1 class="pass">✅ parity: no blocking differences</h1>');
    expect(passing).not.toContain('role="alert"');
  });

  it('escapes every piece of result text', () => {
    const html = formatHtml(hostileResult());
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;s&#39;');
    expect(html).toContain('<h2>web|&lt;app&gt;</h2>');
    expect(html).toContain('<b>html</b>'.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(html).not.toContain('\u0007');
  });
});
