import type { AuditResult, Finding, ResultError } from '../types.js';
import {
  describeAllowance,
  describeErrorFile,
  describeResource,
  describeSource,
  describeValue,
  plural,
} from './describe.js';
import { escapeXml, escapeXmlText } from './escape.js';
import { checkTable, plainCheckLines } from './gate-checks.js';
import { groupFindings, pairLabel, type FindingGroup } from './order-findings.js';

interface TestCase {
  name: string;
  classname: string;
  failure?: { message: string; body: string };
  error?: { type: string; message: string; body: string };
  out?: string;
}

/**
 * JUnit XML for CI test-report views: one `<testsuite>` per service, one `<testcase>` per
 * env pair (`staging → production`, classname = the service). Blocking findings fail the
 * case; warnings and allowed differences go to `<system-out>`; a gate result adds a
 * `gate staging → production` case; every result error is an `<error>` test case, so a
 * failed render never reads as a pass.
 */
export function formatJunit(result: AuditResult): string {
  const suites = collectSuites(result);
  const count = (pick: (test: TestCase) => unknown): number =>
    [...suites.values()].reduce((sum, cases) => sum + cases.filter(pick).length, 0);
  const tests = count(() => true);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="parity" tests="${tests}" failures="${count((t) => t.failure)}" errors="${count((t) => t.error)}" time="0">`,
  ];
  for (const [service, cases] of suites) lines.push(...renderSuite(service, cases));
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

/** service → test cases: one per pair the service was compared on, then its errors. */
function collectSuites(result: AuditResult): Map<string, TestCase[]> {
  const groups = groupFindings(result);
  const suites = new Map<string, TestCase[]>();
  const add = (service: string, test: TestCase): void => {
    suites.set(service, [...(suites.get(service) ?? []), test]);
  };
  for (const service of [...result.services].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const compared = result.pairs.filter(([a, b]) => service.envs.includes(a) && service.envs.includes(b));
    for (const pair of compared) {
      const group = groups.find((g) => g.service === service.name && pairLabel(g.envs) === pairLabel(pair));
      add(service.name, toTestCase(service.name, pair, group));
    }
  }
  for (const group of groups) {
    const label = pairLabel(group.envs);
    if (!(suites.get(group.service) ?? []).some((test) => test.name === label)) {
      add(group.service, toTestCase(group.service, group.envs, group));
    }
  }
  if (result.gate) add(result.gate.service, gateCase(result));
  for (const error of result.errors) add(error.service ?? '', errorCase(error));
  return suites;
}

/** The gate's own verdict, so a gate closed for a reason other than a finding still fails. */
function gateCase(result: AuditResult): TestCase {
  const gate = result.gate!;
  const test: TestCase = { name: `gate ${pairLabel([gate.from, gate.to])}`, classname: gate.service };
  const closed = !gate.open || result.errors.length > 0 || result.findings.some((finding) => finding.blocking);
  if (closed) {
    const reasons = gate.reasons.length > 0 ? gate.reasons : ['the gate is closed'];
    test.failure = { message: `gate closed${gate.tag ? ` for tag ${gate.tag}` : ''}`, body: reasons.join('\n') };
  }
  const table = checkTable(gate);
  if (table) test.out = plainCheckLines(table).join('\n');
  return test;
}

function toTestCase(service: string, envs: string[], group: FindingGroup | undefined): TestCase {
  const test: TestCase = { name: pairLabel(envs), classname: service || 'parity' };
  if (!group) return test;
  if (group.blocking.length > 0) {
    test.failure = {
      message: `${plural(group.blocking.length, 'blocking difference')}`,
      body: group.blocking.map((finding) => describeFinding(finding, envs)).join('\n\n'),
    };
  }
  const out = [
    ...group.warnings.map((finding) => `warning: ${describeFinding(finding, envs)}`),
    ...group.allowed.map((finding) => `allowed: ${describeFinding(finding, envs)}`),
  ];
  if (out.length > 0) test.out = out.join('\n\n');
  return test;
}

function errorCase(error: ResultError): TestCase {
  const file = describeErrorFile(error);
  return {
    name: `error: ${[error.code, error.env].filter(Boolean).join(' ')}`,
    classname: error.service || 'parity',
    error: { type: error.code, message: error.message.split('\n')[0] ?? '', body: file ? `${file}: ${error.message}` : error.message },
  };
}

/** Several lines per finding: code, resource and path; the message; values; source. */
function describeFinding(finding: Finding, envs: string[]): string {
  const head = `${finding.code} ${describeResource(finding.resource)}${finding.path ? ` ${finding.path}` : ''}`;
  const lines = [head, `  ${finding.message}`];
  const values = envs.filter((env) => Object.hasOwn(finding.values, env)).map((env) => `${env}=${describeValue(finding.values, env)}`);
  if (values.length > 0) lines.push(`  ${values.join('  ')}`);
  if (finding.source) lines.push(`  at ${describeSource(finding.source)}`);
  if (finding.allowed) lines.push(`  allowed by ${describeAllowance(finding.allowed)}: ${finding.allowed.reason}`);
  return lines.join('\n');
}

function renderSuite(service: string, cases: TestCase[]): string[] {
  const failures = cases.filter((test) => test.failure).length;
  const errors = cases.filter((test) => test.error).length;
  const lines = [
    `  <testsuite name="${escapeXml(service || 'parity')}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="0">`,
  ];
  for (const test of cases) lines.push(...renderCase(test));
  lines.push('  </testsuite>');
  return lines;
}

function renderCase(test: TestCase): string[] {
  const open = `    <testcase name="${escapeXml(test.name)}" classname="${escapeXml(test.classname)}" time="0"`;
  const children: string[] = [];
  if (test.failure) {
    children.push(`      <failure message="${escapeXml(test.failure.message)}" type="parity">${escapeXmlText(test.failure.body)}</failure>`);
  }
  if (test.error) {
    children.push(
      `      <error message="${escapeXml(test.error.message)}" type="${escapeXml(test.error.type)}">${escapeXmlText(test.error.body)}</error>`,
    );
  }
  if (test.out) children.push(`      <system-out>${escapeXmlText(test.out)}</system-out>`);
  return children.length === 0 ? [`${open}/>`] : [`${open}>`, ...children, '    </testcase>'];
}
