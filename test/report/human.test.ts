import { describe, expect, it } from 'vitest';
import { formatHuman } from '../../src/report/human.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { gateVerdict, paymentsResult, renderError } from './helpers.js';

describe('human report', () => {
  it('puts blocking findings under their service, pair and resource, with the source and the verdict', () => {
    const text = formatHuman(paymentsResult());
    expect(text).toMatch(/✗ payments-service {2}\d+ blocking/);
    expect(text).toMatch(/ {2}staging → production {2}/);
    expect(text).toContain('MTLS_MISMATCH');
    expect(text).toMatch(/BLOCKED: \d+ differences? no policy allows \(exit 1\)/);
    expect(text).not.toContain('\u001b[');
  });

  it('shows errors before anything else and ends with FAILED (exit 2)', () => {
    const result = { ...paymentsResult(), errors: [renderError()] };
    const text = formatHuman(result);
    expect(text.indexOf('error RENDER_FAILED')).toBeLessThan(text.indexOf('payments-service  '));
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^FAILED: 1 error \(exit 2\)$/);
  });

  it('ends with the gate verdict and its reasons', () => {
    const result = { ...paymentsResult(), gate: gateVerdict(false, ['MTLS_MISMATCH Deployment payments-service']) };
    expect(formatHuman(result)).toMatch(/Gate CLOSED: .*\n {2}- MTLS_MISMATCH Deployment payments-service\n$/);
  });

  it('says which services --changed-since skipped, in the terminal and in markdown', () => {
    const result = {
      ...paymentsResult(),
      skipped: [
        { service: 'catalog-service', reason: 'no rendered input changed since origin/main' },
        { service: 'checkout-service', reason: 'no rendered input changed since origin/main' },
      ],
    };
    expect(formatHuman(result)).toContain(
      'skipped 2 services (no rendered input changed since origin/main): catalog-service, checkout-service',
    );
    expect(formatMarkdown(result)).toContain('Skipped 2 services (no rendered input changed since origin/main): catalog-service, checkout-service');
  });

  it('colours only when asked to', () => {
    expect(formatHuman(paymentsResult(), { color: true })).toContain('\u001b[');
  });
});
