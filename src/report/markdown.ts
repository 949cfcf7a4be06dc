import type { AuditResult, Finding, ValuesDifference } from '../types.js';
import { plural } from './describe.js';
import { renderCollapsed } from './markdown-collapsed.js';
import { renderHeader } from './markdown-header.js';
import { renderSection, type SectionDetail } from './markdown-sections.js';
import { orderGroups, summarizeServices, type ServiceFindings } from './markdown-services.js';
import { hiddenByTrim, renderTrimmed } from './markdown-trimmed.js';
import { groupFindings, type FindingGroup } from './order-findings.js';
import type { ReportOptions } from './report-options.js';
import { summarizeVerdict, type Verdict } from './verdict.js';

/** GitHub's limit for a comment body and a step summary section, in UTF-16 code units. */
export const MARKDOWN_LIMIT = 65_536;

interface Context {
  result: AuditResult;
  verdict: Verdict;
  groups: FindingGroup[];
  services: ServiceFindings[];
  reportUrl: string | undefined;
  rows: WeakMap<Finding, string>;
}

/** Full detail, then without allowed differences, then without warnings too. */
const FULL_DETAIL: SectionDetail[] = [
  { allowed: true, warnings: true },
  { allowed: false, warnings: true },
  { allowed: false, warnings: false },
];

/**
 * Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the verdict first, errors
 * next, then per service (those with blocking findings first) and env pair a table of blocking
 * findings, the warnings, and the allowed differences folded in `<details>`. Never longer than
 * GitHub's 65,536 characters; it degrades in this order until it fits: allowed differences
 * left out, then warnings, then one table holding the same number of blocking findings per
 * service (its most important; always at least its first), and finally a table of services
 * with their counts. A shortened comment says what it left out and ends with a link to the
 * full report (`reportUrl`).
 */
export function formatMarkdown(result: AuditResult, options: Partial<ReportOptions> = {}): string {
  const groups = groupFindings(result);
  const services = summarizeServices(groups);
  const context: Context = {
    result,
    verdict: summarizeVerdict(result),
    groups: orderGroups(groups, services),
    services,
    reportUrl: options.reportUrl,
    rows: new WeakMap(),
  };
  for (const detail of FULL_DETAIL) {
    const text = renderFull(context, detail);
    if (text.length <= MARKDOWN_LIMIT) return text;
  }
  const perService = fitPerService(context);
  return perService > 0 ? renderShortened(context, perService) : renderCollapsedReport(context);
}

/** The values view of a Helm service's pair, when the result has one. */
function valuesOf(result: AuditResult, group: FindingGroup): ValuesDifference | undefined {
  return result.values?.find((entry) => entry.service === group.service && entry.envs.join('\u0000') === group.envs.join('\u0000'));
}

function renderFull(context: Context, detail: SectionDetail): string {
  const { allowed, warnings } = context.verdict.counts;
  const hidden = { allowed: detail.allowed ? 0 : allowed, warnings: detail.warnings ? 0 : warnings, blocking: 0 };
  const sections = context.groups.flatMap((group) => renderSection(group, detail, valuesOf(context.result, group)));
  return compose(context, [...omissionNote(context, hidden), ...sections], hidden.allowed + hidden.warnings > 0);
}

/** The most blocking findings per service (≥ 1) whose single table fits; 0 when even one does not. */
function fitPerService(context: Context): number {
  const fits = (cap: number) => renderShortened(context, cap).length <= MARKDOWN_LIMIT;
  let high = Math.max(0, ...context.services.map((entry) => entry.blocking.length));
  if (high === 0 || !fits(1)) return 0;
  let low = 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

function renderShortened(context: Context, perService: number): string {
  const { allowed, warnings } = context.verdict.counts;
  const hidden = { allowed, warnings, blocking: hiddenByTrim(context.services, perService) };
  const title = `**Blocking findings** — at most ${plural(perService, 'per service', 'per service')}, most important first`;
  const body = [...omissionNote(context, hidden), title, '', ...renderTrimmed(context.services, perService, context.rows)];
  return compose(context, body, true);
}

function renderCollapsedReport(context: Context): string {
  const { allowed, warnings, blocking } = context.verdict.counts;
  const note = omissionNote(context, { allowed, warnings, blocking });
  const fixed = compose(context, [...note, '**Services**', ''], true).length;
  const table = renderCollapsed(context.services, Math.max(0, MARKDOWN_LIMIT - fixed));
  return compose(context, [...note, '**Services**', '', ...table], true, true);
}

function omissionNote(context: Context, hidden: { allowed: number; warnings: number; blocking: number }): string[] {
  const parts: string[] = [];
  if (hidden.allowed > 0) parts.push(`${hidden.allowed} allowed`);
  if (hidden.warnings > 0) parts.push(plural(hidden.warnings, 'warning'));
  if (hidden.blocking > 0) parts.push(`${hidden.blocking} blocking`);
  if (parts.length === 0) return [];
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  const where = context.reportUrl ? `see the [full report](${linkTarget(context.reportUrl)})` : 'see the JSON report (`--format json`)';
  return [`> … ${list} findings not shown (GitHub’s size limit); ${where}.`, ''];
}

/**
 * Header, body and — when something was left out — the link to the full report. `clamp` cuts the
 * header and body (thousands of errors) so that the whole, link included, is within the limit.
 */
function compose(context: Context, body: string[], shortened: boolean, clamp = false): string {
  const footer = shortened ? fullReportLine(context.reportUrl) : '';
  const text = `${[...renderHeader(context.result, context.verdict), ...body].join('\n').trimEnd()}\n`;
  return `${clamp ? clampMarkdown(text, MARKDOWN_LIMIT - footer.length) : text}${footer}`;
}

function fullReportLine(url: string | undefined): string {
  if (!url) return '\n**Full report:** `parity audit --format html` or `--format json` (this comment is shortened).\n';
  return `\n**[Full report](${linkTarget(url)})** (this comment is shortened).\n`;
}

/** A URL as a Markdown link target: characters that would end or break the link percent-encoded. */
function linkTarget(url: string): string {
  return url.replace(/[\s()<>[\]"`\\]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Last resort (e.g. thousands of errors): cut at a line and say so. */
function clampMarkdown(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = '\n\n_… report cut at GitHub’s 65,536-character limit; see the JSON report (`--format json`)._\n';
  const end = text.lastIndexOf('\n', limit - note.length);
  return `${text.slice(0, Math.max(0, end))}${note}`;
}
