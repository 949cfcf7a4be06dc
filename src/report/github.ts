import type { AuditResult, Finding, ResultError } from '../types.js';
import { describeErrorScope, describeResource, describeValue, plural } from './describe.js';
import { escapeCommandData, escapeCommandProperty } from './escape.js';
import { pairLabel, sortFindings, isWarning } from './order-findings.js';
import { summarizeVerdict } from './verdict.js';

/**
 * GitHub Actions workflow commands: `::error` for every result error and blocking finding,
 * `::warning` for non-blocking findings that are not allowed, and one `::notice` with the
 * verdict last (allowed differences are only counted there). Annotations carry `file`/`line` when
 * the finding has a source, so GitHub shows them on the pull request's diff.
 */
export function formatGithub(result: AuditResult): string {
  const findings = sortFindings(result);
  const lines = [
    ...result.errors.map(errorCommand),
    ...findings.filter((finding) => finding.blocking).map((finding) => findingCommand('error', finding)),
    ...findings.filter(isWarning).map((finding) => findingCommand('warning', finding)),
    summaryCommand(result),
  ];
  return `${lines.join('\n')}\n`;
}

function findingCommand(level: 'error' | 'warning', finding: Finding): string {
  const title = `${finding.code} ${finding.service} ${pairLabel(finding.envs)}`.trim();
  const properties = {
    ...(finding.source ? { file: finding.source.file } : {}),
    ...(finding.source?.line ? { line: String(finding.source.line) } : {}),
    title,
  };
  return command(level, properties, findingMessage(finding));
}

function findingMessage(finding: Finding): string {
  const lines = [finding.message, `resource: ${describeResource(finding.resource)}`];
  if (finding.path) lines.push(`path: ${finding.path}`);
  for (const env of finding.envs) {
    if (Object.hasOwn(finding.values, env)) lines.push(`${env}: ${describeValue(finding.values, env)}`);
  }
  return lines.join('\n');
}

function errorCommand(error: ResultError): string {
  const properties = {
    ...(error.file ? { file: error.file } : {}),
    ...(error.file && error.line ? { line: String(error.line) } : {}),
    title: `parity ${describeErrorScope(error)}`,
  };
  return command('error', properties, error.message);
}

function summaryCommand(result: AuditResult): string {
  const verdict = summarizeVerdict(result);
  const { warnings, allowed } = verdict.counts;
  const reasons = result.gate?.reasons ?? [];
  const message = [
    `${verdict.headline} (${plural(warnings, 'warning')}, ${allowed} allowed)`,
    ...reasons.map((reason) => `- ${reason}`),
  ].join('\n');
  return command('notice', { title: verdict.passed ? 'parity passed' : 'parity failed' }, message);
}

function command(name: string, properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeCommandProperty(value)}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeCommandData(message)}`;
}
