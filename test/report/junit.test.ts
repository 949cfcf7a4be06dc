import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatJunit } from '../../src/report/junit.js';
import { buildResult, configError, gateVerdict, hostileResult, paymentsResult, renderError } from './helpers.js';

interface Case {
  '@_name': string;
  '@_classname': string;
  failure?: { '@_message': string; '#text': string };
  error?: { '@_message': string; '@_type': string; '#text': string };
  'system-out'?: string;
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  testcase: Case[];
}

function parse(xml: string): { '@_tests': string; '@_failures': string; '@_errors': string; testsuite: Suite[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml).testsuites;
}

describe('formatJunit', () => {
  it('has one suite per service and one case per env pair, failing on blocking findings', () => {
    const root = parse(formatJunit(paymentsResult()));
    expect(root.testsuite.map((suite) => suite['@_name'])).toEqual(['checkout', 'payments-service']);
    const payments = root.testsuite.find((suite) => suite['@_name'] === 'payments-service')!;
    expect(payments.testcase.map((test) => test['@_name'])).toEqual(['dev → staging', 'staging → production']);
    for (const test of payments.testcase) expect(test['@_classname']).toBe('payments-service');
    const [devStaging, stagingProduction] = payments.testcase;
    expect(devStaging!.failure).toBeUndefined();
    expect(stagingProduction!.failure!['@_message']).toBe('1 blocking difference');
    expect(stagingProduction!.failure!['#text']).toContain('MTLS_MISMATCH Deployment/payments-service');
    expect(stagingProduction!.failure!['#text']).toContain('at apps/payments-service/overlays/production/patch-mtls.yaml:12');
    const out = stagingProduction!['system-out']!;
    expect(out).toContain('warning: SECRET_REUSED Secret/processor-credentials data.API_KEY');
    expect(out).toContain('staging=<redacted>  production=<redacted>');
    expect(out).toContain('allowed by rule external-endpoints: sandbox processor outside production');
    expect(out).not.toContain('MTLS_MISMATCH');
  });

  it('keeps the counts consistent with the cases', () => {
    const root = parse(formatJunit(paymentsResult()));
    const cases = root.testsuite.flatMap((suite) => suite.testcase);
    expect(Number(root['@_tests'])).toBe(cases.length);
    expect(Number(root['@_failures'])).toBe(cases.filter((test) => test.failure).length);
    expect(Number(root['@_failures'])).toBe(3);
    for (const suite of root.testsuite) {
      expect(Number(suite['@_tests'])).toBe(suite.testcase.length);
      expect(Number(suite['@_failures'])).toBe(suite.testcase.filter((test) => test.failure).length);
    }
  });

  it('turns every result error into an <error> test case', () => {
    const result = paymentsResult();
    result.errors.push(renderError(), configError({ file: 'parity.config.yaml', line: 3 }));
    const root = parse(formatJunit(result));
    expect(Number(root['@_errors'])).toBe(2);
    const errors = root.testsuite.flatMap((suite) => suite.testcase).filter((test) => test.error);
    expect(errors.map((test) => [test['@_classname'], test['@_name'], test.error!['@_type']])).toEqual([
      ['payments-service', 'error: RENDER_FAILED production', 'RENDER_FAILED'],
      ['parity', 'error: CONFIG_INVALID', 'CONFIG_INVALID'],
    ]);
    expect(errors[0]!.error!['#text']).toContain('apps/payments-service/overlays/production/kustomization.yaml:5');
  });

  it('adds the gate verdict as its own case, failing when the gate is closed for any reason', () => {
    const closed = parse(formatJunit(buildResult([], { gate: gateVerdict(false, ['image tag latest is not immutable']) })));
    const gate = closed.testsuite.flatMap((suite) => suite.testcase).find((test) => test['@_name'] === 'gate staging → production')!;
    expect(gate['@_classname']).toBe('payments-service');
    expect(gate.failure!['@_message']).toBe('gate closed for tag v1.4.2');
    expect(gate.failure!['#text']).toBe('image tag latest is not immutable');
    const open = parse(formatJunit(buildResult([], { gate: gateVerdict(true) })));
    expect(open['@_failures']).toBe('0');
    expect(open.testsuite[0]!.testcase.map((test) => test['@_name'])).toContain('gate staging → production');
  });

  it('reports a passing pair even when a service has no findings at all', () => {
    const result = buildResult([], { services: [{ name: 'quiet', envs: ['dev', 'staging', 'production'] }] });
    const root = parse(formatJunit(result));
    expect(root.testsuite[0]!.testcase.map((test) => test['@_name'])).toEqual(['dev → staging', 'staging → production']);
    expect(root['@_failures']).toBe('0');
  });

  it('escapes XML so hostile names and values round-trip', () => {
    const result = hostileResult();
    const xml = formatJunit(result);
    const root = parse(xml);
    const suite = root.testsuite[0]!;
    expect(suite['@_name']).toBe('web|<app>');
    const body = suite.testcase.find((test) => test.failure)!.failure!['#text'];
    expect(body).toContain('line1\nline2 | `tick` <script>alert(1)</script> & "q" \'s\' 100% a:b,c');
    expect(body).toContain(']]>');
    expect(body).toContain('\uFFFDbell');
    expect(xml).not.toContain('<script>');
  });
});
