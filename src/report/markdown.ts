import type { AuditResult, Finding } from '../types.js';
import {
  cut,
  describeAllowance,
  describeErrorFile,
  describeErrorScope,
  describeResource,
  describeSource,
  describeValue,
  describeWhere,
  plural,
} from './describe.js';
import { escapeMarkdown } from './escape.js';
import { checkTable } from './gate-checks.js';
import { gateTagText } from './gate-tag.js';
import { rollbackLines } from './rollback.js';
import { groupFindings, pairLabel, type FindingGroup } from './order-findings.js';
import { summarizeVerdict, type Verdict } from './verdict.js';

/** GitHub's limit for a comment body and a step summary section, in UTF-16 code units. */
export const MARKDOWN_LIMIT = 65_536;

const MAX_ERROR_LENGTH = 2_000;

/** What a rendering includes; detail is dropped in this order until the report fits. */
interface Detail {
  allowed: boolean;
  warnings: boolean;
  /** Most blocking rows shown per service. */
  blockingPerService: number;
}

interface Context {
  result: AuditResult;
  groups: FindingGroup[];
  verdict: Verdict;
  /** Rendered blocking rows, kept across the size-fitting attempts. */
  rows: WeakMap<Finding, string>;
}

/**
 * Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the verdict first, errors
 * next, then per service and env pair a table of blocking findings, the warnings, and the
 * allowed differences folded in `<details>`. Never longer than GitHub's 65,536 characters:
 * allowed differences go first, then warnings, then blocking rows per service, and the
 * report says how much it left out.
 */
export function formatMarkdown(result: AuditResult): string {
  const context: Context = { result, groups: groupFindings(result), verdict: summarizeVerdict(result), rows: new WeakMap() };
  const all = Number.POSITIVE_INFINITY;
  const attempts: Detail[] = [
    { allowed: true, warnings: true, blockingPerService: all },
    { allowed: false, warnings: true, blockingPerService: all },
    { allowed: false, warnings: false, blockingPerService: all },
  ];
  for (const detail of attempts) {
    const text = renderMarkdown(context, detail);
    if (text.length <= MARKDOWN_LIMIT) return text;
  }
  return clampMarkdown(renderMarkdown(context, fitBlockingRows(context)));
}

/** The largest per-service row cap whose rendering fits (binary search; 0 if none does). */
function fitBlockingRows(context: Context): Detail {
  const detail = (cap: number): Detail => ({ allowed: false, warnings: false, blockingPerService: cap });
  let low = 0;
  let high = Math.max(0, ...blockingPerService(context.groups).values());
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (renderMarkdown(context, detail(middle)).length <= MARKDOWN_LIMIT) low = middle;
    else high = middle - 1;
  }
  return detail(low);
}

/** Last resort (e.g. thousands of errors): cut at a line and say so. */
function clampMarkdown(text: string): string {
  if (text.length <= MARKDOWN_LIMIT) return text;
  const note = '\n\n_… report cut at GitHub’s 65,536-character limit; see the JSON report (`--format json`)._\n';
  const end = text.lastIndexOf('\n', MARKDOWN_LIMIT - note.length);
  return `${text.slice(0, Math.max(0, end))}${note}`;
}

function renderMarkdown(context: Context, detail: Detail): string {
  const lines = [...renderHeader(context), ...renderOmissions(context, detail)];
  const shown = new Map<string, number>();
  for (const group of context.groups) lines.push(...renderGroup(context, group, detail, shown));
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderHeader({ result, verdict }: Context): string[] {
  const icon = verdict.passed ? '✅' : '❌';
  const lines = [`### ${icon} ${escapeMarkdown(verdict.headline)}`, ''];
  lines.push(...renderErrors(result), ...renderGate(result, verdict.passed), ...renderRollback(result));
  const { blocking, warnings, allowed } = verdict.counts;
  const renderer = result.renderer ? ` · rendered with ${result.renderer.name} ${result.renderer.version}` : '';
  const stats = [
    plural(result.summary.services, 'service'),
    plural(result.summary.renders, 'render'),
    `${blocking} blocking`,
    plural(warnings, 'warning'),
    `${allowed} allowed`,
  ];
  lines.push(escapeMarkdown(`${stats.join(' · ')}${renderer}`), '');
  if (result.skipped?.length) {
    const names = result.skipped.map((entry) => entry.service).join(', ');
    lines.push(escapeMarkdown(`Skipped ${plural(result.skipped.length, 'service')} (${result.skipped[0]!.reason}): ${names}`), '');
  }
  return lines;
}

function renderErrors(result: AuditResult): string[] {
  if (result.errors.length === 0) return [];
  const lines = ['**Errors** — parity fails closed: nothing passes until these are fixed.', ''];
  for (const error of result.errors) {
    const file = describeErrorFile(error);
    const where = file ? ` (${escapeMarkdown(file)})` : '';
    lines.push(`- **${escapeMarkdown(describeErrorScope(error))}**${where}: ${escapeMarkdown(cut(error.message, MAX_ERROR_LENGTH))}`);
  }
  return [...lines, ''];
}

function renderRollback(result: AuditResult): string[] {
  if (!result.rollback) return [];
  return [...rollbackLines(result.rollback).map((line) => `- ${escapeMarkdown(line.trim())}`), ''];
}

function renderGate(result: AuditResult, passed: boolean): string[] {
  const gate = result.gate;
  if (!gate) return [];
  const tag = gate.tag ? `, tag ${gateTagText(gate)}` : '';
  const state = passed ? 'open' : 'closed';
  const title = `Gate ${gate.service} ${pairLabel([gate.from, gate.to])}${tag}`;
  const lines = [`**${escapeMarkdown(title)}: ${state}**`, ''];
  for (const reason of gate.reasons) lines.push(`- ${escapeMarkdown(reason)}`);
  if (gate.reasons.length > 0) lines.push('');
  return [...lines, ...renderCheckTable(gate)];
}

function renderCheckTable(gate: NonNullable<AuditResult['gate']>): string[] {
  const table = checkTable(gate);
  if (!table) return [];
  const row = (cells: string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [row(table.header), `|${table.header.map(() => '---').join('|')}|`, ...table.rows.map(row), ''];
}

function renderOmissions({ groups, verdict }: Context, detail: Detail): string[] {
  const parts: string[] = [];
  if (!detail.allowed && verdict.counts.allowed > 0) parts.push(`${verdict.counts.allowed} allowed`);
  if (!detail.warnings && verdict.counts.warnings > 0) parts.push(plural(verdict.counts.warnings, 'warning'));
  let hiddenBlocking = 0;
  for (const count of blockingPerService(groups).values()) hiddenBlocking += Math.max(0, count - detail.blockingPerService);
  if (hiddenBlocking > 0) parts.push(`${hiddenBlocking} blocking`);
  if (parts.length === 0) return [];
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  return [`> … ${list} findings not shown (GitHub’s size limit); see the JSON report (\`--format json\`).`, ''];
}

function renderGroup(context: Context, group: FindingGroup, detail: Detail, shown: Map<string, number>): string[] {
  const used = shown.get(group.service) ?? 0;
  const visible = group.blocking.slice(0, Math.max(0, detail.blockingPerService - used));
  shown.set(group.service, used + visible.length);
  const warnings = detail.warnings ? group.warnings : [];
  const allowed = detail.allowed ? group.allowed : [];
  if (visible.length + warnings.length + allowed.length === 0 && group.blocking.length === 0) return [];
  const lines = [`#### ${groupTitle(group)}`, ''];
  if (group.blocking.length > 0) lines.push(...blockingTable(context, group, visible));
  if (warnings.length > 0) lines.push(...warningTable(warnings));
  if (allowed.length > 0) lines.push(...allowedDetails(group, allowed));
  return lines;
}

function groupTitle(group: FindingGroup): string {
  const counts = [
    group.blocking.length > 0 ? `${group.blocking.length} blocking` : '',
    group.warnings.length > 0 ? plural(group.warnings.length, 'warning') : '',
    group.allowed.length > 0 ? `${group.allowed.length} allowed` : '',
  ].filter(Boolean);
  const icon = group.blocking.length > 0 ? '❌' : group.warnings.length > 0 ? '⚠️' : '✅';
  const service = group.service || '(all services)';
  return `${icon} ${escapeMarkdown(`${service} · ${pairLabel(group.envs)} — ${counts.join(', ')}`)}`;
}

function blockingTable(context: Context, group: FindingGroup, visible: Finding[]): string[] {
  const header = ['Code', 'Resource', 'Path', ...group.envs, 'Source'];
  const rows = visible.map((finding) => {
    const cached = context.rows.get(finding);
    if (cached !== undefined) return cached;
    const row = tableRow([
      finding.code,
      describeResource(finding.resource),
      describeWhere(finding),
      ...group.envs.map((env) => describeValue(finding.values, env)),
      describeSource(finding.source),
    ]);
    context.rows.set(finding, row);
    return row;
  });
  const hidden = group.blocking.length - visible.length;
  const more = hidden > 0 ? [`_… ${plural(hidden, 'more blocking finding')} of this pair not shown._`, ''] : [];
  return visible.length > 0 ? [...tableHead(header), ...rows, '', ...more] : more;
}

function warningTable(warnings: Finding[]): string[] {
  const rows = warnings.map((finding) => [
    finding.code,
    describeResource(finding.resource),
    finding.message,
    describeSource(finding.source),
  ]);
  return [`**${plural(warnings.length, 'warning')}**`, '', ...table(['Code', 'Resource', 'Message', 'Source'], rows)];
}

function allowedDetails(group: FindingGroup, allowed: Finding[]): string[] {
  const header = ['Code', 'Resource', 'Path', ...group.envs, 'Allowed by', 'Reason'];
  const rows = allowed.map((finding) => [
    finding.code,
    describeResource(finding.resource),
    describeWhere(finding),
    ...group.envs.map((env) => describeValue(finding.values, env)),
    finding.allowed ? describeAllowance(finding.allowed) : '',
    finding.allowed?.reason ?? '',
  ]);
  const summary = `${plural(allowed.length, 'allowed difference')}`;
  return ['<details>', `<summary>${summary}</summary>`, '', ...table(header, rows), '</details>', ''];
}

function table(header: string[], rows: string[][]): string[] {
  return [...tableHead(header), ...rows.map(tableRow), ''];
}

function tableHead(header: string[]): string[] {
  return [tableRow(header), `|${header.map(() => ' --- ').join('|')}|`];
}

function tableRow(cells: string[]): string {
  return `| ${cells.map(escapeMarkdown).join(' | ')} |`;
}

function blockingPerService(groups: FindingGroup[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const group of groups) counts.set(group.service, (counts.get(group.service) ?? 0) + group.blocking.length);
  return counts;
}
