import type { AuditResult, Finding, ResultError } from '../types.js';
import { describeErrorScope, describeResource, describeValue, plural } from './describe.js';
import { escapeCommandData, escapeCommandProperty } from './escape.js';
import { capAnnotations, type Annotation } from './github-cap.js';
import { pairLabel, sortFindings, isWarning } from './order-findings.js';
import { prefixPath, type ReportOptions } from './report-options.js';
import { summarizeVerdict } from './verdict.js';

/**
 * GitHub Actions workflow commands: `::error` for result errors and blocking findings,
 * `::warning` for non-blocking findings that are not allowed, and one `::notice` with the
 * verdict last (allowed differences are only counted there). GitHub shows at most ten error
 * and ten warning annotations per step, so only the ten most important of each are emitted
 * (see github-cap.ts) and a notice says how many more the job summary holds. Annotations carry
 * `file`/`line` relative to the git root when the finding has a source, so GitHub shows them
 * on the pull request's diff.
 */
export function formatGithub(result: AuditResult, options: Partial<ReportOptions> = {}): string {
  const findings = sortFindings(result);
  const prefix = options.pathPrefix;
  const errors: Annotation[] = [
    ...result.errors.map((error) => ({ finding: null, text: errorCommand(error, prefix) })),
    ...findings.filter((finding) => finding.blocking).map((finding) => ({ finding, text: findingCommand('error', finding, prefix) })),
  ];
  const warnings = findings.filter(isWarning).map((finding) => ({ finding, text: findingCommand('warning', finding, prefix) }));
  const capped = capAnnotations(errors, warnings);
  const lines = [...capped.shown.map((annotation) => annotation.text)];
  if (capped.hiddenErrors + capped.hiddenWarnings > 0) lines.push(hiddenCommand(capped.hiddenErrors, capped.hiddenWarnings));
  lines.push(summaryCommand(result));
  return `${lines.join('\n')}\n`;
}

function findingCommand(level: 'error' | 'warning', finding: Finding, prefix: string | undefined): string {
  const title = `${finding.code} ${finding.service} ${pairLabel(finding.envs)}`.trim();
  const properties = {
    ...(finding.source ? { file: prefixPath(finding.source.file, prefix) } : {}),
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

function errorCommand(error: ResultError, prefix: string | undefined): string {
  const properties = {
    ...(error.file ? { file: prefixPath(error.file, prefix) } : {}),
    ...(error.file && error.line ? { line: String(error.line) } : {}),
    title: `parity ${describeErrorScope(error)}`,
  };
  return command('error', properties, error.message);
}

/** One notice for what the annotation cap left out; the job summary (markdown) lists it all. */
function hiddenCommand(errors: number, warnings: number): string {
  const parts = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean);
  const message = `${parts.join(' and ')} more than GitHub annotates per step (10 errors, 10 warnings); all of them are in the job summary (--format markdown).`;
  return command('notice', { title: 'parity: more findings in the job summary' }, message);
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
