import type { Finding, ValuesDifference } from '../types.js';
import { describeAllowance, describeResource, describeSource, describeValue, describeWhere, plural } from './describe.js';
import { escapeMarkdown } from './escape.js';
import { table } from './markdown-table.js';
import { pairLabel, type FindingGroup } from './order-findings.js';

/** Whether a full-detail comment shows allowed differences and warnings. */
export interface SectionDetail {
  allowed: boolean;
  warnings: boolean;
}

/**
 * One service and env pair at full detail: every blocking finding in a table, then the
 * warnings, then the allowed differences folded in `<details>` (when `detail` keeps them).
 */
export function renderSection(group: FindingGroup, detail: SectionDetail, values?: ValuesDifference): string[] {
  const warnings = detail.warnings ? group.warnings : [];
  const allowed = detail.allowed ? group.allowed : [];
  if (group.blocking.length + warnings.length + allowed.length === 0) return [];
  const lines = [`#### ${sectionTitle(group)}`, ''];
  if (group.blocking.length > 0) lines.push(...blockingTable(group));
  if (values) lines.push(...valuesTable(values));
  if (warnings.length > 0) lines.push(...warningTable(warnings));
  if (allowed.length > 0) lines.push(...allowedDetails(group, allowed));
  return lines;
}

function sectionTitle(group: FindingGroup): string {
  const counts = [
    group.blocking.length > 0 ? `${group.blocking.length} blocking` : '',
    group.warnings.length > 0 ? plural(group.warnings.length, 'warning') : '',
    group.allowed.length > 0 ? `${group.allowed.length} allowed` : '',
  ].filter(Boolean);
  const icon = group.blocking.length > 0 ? '❌' : group.warnings.length > 0 ? '⚠️' : '✅';
  const service = group.service || '(all services)';
  return `${icon} ${escapeMarkdown(`${service} · ${pairLabel(group.envs)} — ${counts.join(', ')}`)}`;
}

function blockingTable(group: FindingGroup): string[] {
  const header = ['Code', 'Resource', 'Path', ...group.envs, 'Source'];
  const rows = group.blocking.map((finding) => [
    finding.code,
    describeResource(finding.resource),
    describeWhere(finding),
    ...group.envs.map((env) => describeValue(finding.values, env)),
    describeSource(finding.source),
  ]);
  return table(header, rows);
}

/** A Helm pair's values keys that differ (never their values), allowed ones counted, not listed. */
function valuesTable(values: ValuesDifference): string[] {
  const shown = values.keys.filter((key) => key.status !== 'allowed');
  const folded = values.keys.length - shown.length;
  if (shown.length === 0) return [];
  const rows = shown.map((key) => [key.key, ...values.envs.map((env) => describeSource(key.at.find((where) => where.env === env) ?? null)), key.status === 'untraced' ? '' : key.status]);
  const title = `**${plural(shown.length, 'values key')} differ${shown.length === 1 ? 's' : ''}**${folded ? ` (${folded} allowed not shown)` : ''}`;
  return [title, '', ...table(['Values key', ...values.envs, 'Finding'], rows)];
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
