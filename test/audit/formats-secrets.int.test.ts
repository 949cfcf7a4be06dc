import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import { FORMATS, formatResult } from '../../src/report/index.js';
import type { AuditResult } from '../../src/types.js';
import { FIXTURES } from '../support/temp-copy.js';

/** The sample's generated Secret literal, and how Kustomize encodes it in the render. */
const SECRET = 'Qe8rJ5uY1bzo';
const SECRET_B64 = Buffer.from(SECRET).toString('base64');

describe('every output format of a real audit', () => {
  let result: AuditResult;
  beforeAll(async () => {
    result = await audit({ repoDir: join(FIXTURES, 'ecommerce-infra'), now: new Date('2026-06-01T00:00:00Z') });
  });

  it.each(FORMATS)('%s never contains a secret value', (format) => {
    const text = formatResult(result, format, { color: false });
    expect(text.length).toBeGreaterThan(100);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(SECRET_B64);
  });

  it('every format reports the payments mTLS mismatch', () => {
    for (const format of FORMATS) {
      expect(formatResult(result, format, { color: false }), format).toMatch(/MTLS_MISMATCH|MTLS\\_MISMATCH/);
    }
  });

  it('json parses back to the same result and junit parses as XML with one failing case per blocked pair', () => {
    expect(JSON.parse(formatResult(result, 'json', { color: false }))).toEqual(JSON.parse(JSON.stringify(result)));
    const xml = new XMLParser({ ignoreAttributes: false }).parse(formatResult(result, 'junit', { color: false }));
    const suites = [xml.testsuites.testsuite].flat() as Array<{ testcase: unknown }>;
    const cases = suites.flatMap((suite) => [suite.testcase].flat()) as Array<Record<string, unknown>>;
    const failing = cases.filter((testcase) => 'failure' in testcase).map((testcase) => `${testcase['@_classname']} ${testcase['@_name']}`);
    expect(failing.sort()).toEqual(
      [
        'catalog-service staging → production',
        'frontend-shell staging → production',
        'inventory-service dev → staging',
        'inventory-service staging → production',
        'payments-service staging → production',
      ].sort(),
    );
  });
});
