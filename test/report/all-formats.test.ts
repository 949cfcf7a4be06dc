import { describe, expect, it } from 'vitest';
import { formatCodeClimate } from '../../src/report/codeclimate.js';
import { formatGithub } from '../../src/report/github.js';
import { formatHtml } from '../../src/report/html.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatSarif } from '../../src/report/sarif.js';
import type { AuditResult, Finding } from '../../src/types.js';
import { buildFinding, buildResult, paymentsResult, renderError, SECRET_FINGERPRINT, shuffled } from './helpers.js';

const FORMATS: Record<string, (result: AuditResult) => string> = {
  markdown: formatMarkdown,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
  html: formatHtml,
  codeclimate: formatCodeClimate,
};

/**
 * A result carrying data no report may print: a candidate's `detail` and a keyed fingerprint
 * smuggled onto findings and errors (as a careless upstream stage might leave them).
 */
function resultWithInternals(): AuditResult {
  const result = paymentsResult();
  result.findings = result.findings.map(
    (finding) => ({ ...finding, detail: { fingerprint: SECRET_FINGERPRINT }, fingerprint: SECRET_FINGERPRINT }) as Finding,
  );
  result.errors.push({ ...renderError(), ...({ fingerprint: SECRET_FINGERPRINT } as object) });
  return result;
}

describe.each(Object.entries(FORMATS))('%s report', (name, format) => {
  it('prints values only from finding.values, never details or fingerprints', () => {
    const output = format(resultWithInternals());
    expect(output).not.toContain(SECRET_FINGERPRINT);
    expect(output).not.toContain('hmac');
    // GitLab Code Quality requires a `fingerprint` field: the finding's id, checked in codeclimate.test.ts.
    const own = name === 'codeclimate' ? output.replace(/^ {4}"fingerprint": "[0-9a-z]+",$/gm, '') : output;
    expect(own).not.toMatch(/"detail"|"fingerprint"/);
  });

  it('shows redacted secrets as redacted', () => {
    const result = buildResult([
      buildFinding({
        code: 'SECRET_REUSED',
        blocking: true,
        resource: { apiVersion: 'v1', kind: 'Secret', name: 'db' },
        path: 'data.PASSWORD',
        values: { staging: '<redacted>', production: '<redacted>' },
        message: '`data.PASSWORD` holds the same secret value in staging and production; each environment should have its own.',
      }),
    ]);
    const output = format(result);
    expect(output).toMatch(/<redacted>|&lt;redacted&gt;/);
  });

  it('prints the same report whatever order the findings arrive in', () => {
    const result = paymentsResult();
    result.errors.push(renderError());
    const reordered = { ...result, findings: shuffled(result.findings, 3) };
    expect(reordered.findings.map((f) => f.id)).not.toEqual(result.findings.map((f) => f.id));
    expect(format(reordered)).toBe(format(result));
  });

  it('puts services in name order and blocking findings before warnings', () => {
    const result = paymentsResult();
    const output = format({ ...result, findings: [...result.findings].reverse() }).replace(/\\_/g, '_');
    expect(output.indexOf('checkout')).toBeLessThan(output.indexOf('payments-service'));
    expect(output.indexOf('MTLS_MISMATCH')).toBeLessThan(output.indexOf('SECRET_REUSED'));
  });

  it('always shows result errors', () => {
    const result = buildResult([], { errors: [renderError({ message: 'kustomize: unknown field "patchesStrategicMerge2"' })] });
    expect(format(result)).toMatch(/RENDER_FAILED|RENDER\\_FAILED/);
    expect(format(result)).toMatch(/patchesStrategicMerge2/);
  });
});
