import { Chalk, type ChalkInstance } from 'chalk';
import type { AuditResult, Finding } from '../types.js';
import { groupFindings, pairLabel, type FindingGroup } from './order-findings.js';
import { checkTable, plainCheckLines } from './gate-checks.js';
import { isMultiline } from '../util/is-multiline.js';
import { show } from './messages.js';
import { gateTagText } from './gate-tag.js';
import { rollbackLines } from './rollback.js';
import { describeBaseline } from './since-line.js';

export interface HumanOptions {
  color: boolean;
}

/**
 * The terminal report: errors first, then per service → env pair → resource, blocking
 * findings first; allowed differences are summarised by the rule that allowed them.
 */
export function formatHuman(result: AuditResult, options: HumanOptions = { color: false }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [header(result, c)];
  for (const error of result.errors) {
    lines.push(c.red(`${c.bold('error')} ${error.code} ${error.service ?? ''}${error.env ? `/${error.env}` : ''}`));
    for (const line of error.message.split('\n')) lines.push(`  ${line}`);
  }
  if (result.errors.length) lines.push('');
  const byService = groupByService(groupFindings(result));
  for (const [service, groups] of byService) {
    lines.push(serviceLine(service, groups.flatMap(allOf), c));
    for (const group of groups) lines.push(...pairLines(group, c), ...valuesLines(result, group, c));
    lines.push('');
  }
  const shown = new Set(byService.keys());
  for (const service of result.services) {
    if (shown.has(service.name)) continue;
    lines.push(quietServiceLine(result, service, c), '');
  }
  lines.push(...scopeNotes(result, c), ...footer(result, c));
  return `${lines.join('\n')}\n`;
}

/** A service without findings: not compared, alone in one environment, or identical. */
function quietServiceLine(result: AuditResult, service: AuditResult['services'][number], c: ChalkInstance): string {
  const failed = result.errors.filter((error) => error.service === service.name).map((error) => error.env);
  const name = c.bold(service.name);
  if (failed.length) return `${c.red('✗')} ${name}  not compared: ${failed.join(', ')} did not render`;
  if (service.envs.length < 2) return `${c.green('✓')} ${name}  only in ${service.envs.join(', ')}: nothing to compare`;
  return `${c.green('✓')} ${name}  identical across ${service.envs.join(', ')}`;
}

/** What this run did not look at: services skipped by `--changed-since`, other shards. */
function scopeNotes(result: AuditResult, c: ChalkInstance): string[] {
  const notes: string[] = [];
  for (const entry of result.withoutBuildMetadata ?? []) {
    notes.push(c.dim(`${entry.service}/${entry.env}: names compared as rendered (${entry.reason})`));
  }
  if (result.skipped?.length) {
    const reasons = [...new Set(result.skipped.map((entry) => entry.reason))];
    notes.push(c.dim(`skipped ${result.skipped.length} service${result.skipped.length === 1 ? '' : 's'} (${reasons.join('; ')}): ${result.skipped.map((entry) => entry.service).join(', ')}`));
  }
  if (result.ignoredDifferences !== undefined) {
    const n = result.ignoredDifferences;
    notes.push(c.dim(`ignored ${n} live difference${n === 1 ? '' : 's'} the Argo CD Applications' ignoreDifferences cover`));
  }
  if (result.shard) {
    notes.push(c.dim(`shard ${result.shard.index}/${result.shard.count}: ${result.shard.services.length} of ${result.shard.all.length} services`));
  }
  return notes.length ? [...notes, ''] : [];
}

function header(result: AuditResult, c: ChalkInstance): string {
  const kustomize = result.renderer ? `${result.renderer.name} (Kustomize ${result.renderer.version})` : 'no renderer';
  const helm = result.renderers?.find((renderer) => renderer.name === 'helm');
  const renderer = helm ? `${kustomize} and helm ${helm.version}` : kustomize;
  const pairs = result.pairs.map((pair) => pair.join(' → ')).join(', ');
  const envs = [...new Set(result.services.flatMap((service) => service.envs))].join(', ');
  const scope = pairs ? `pairs: ${pairs}` : `environments: ${envs || 'none'}`;
  return `${c.bold('parity')} ${result.tool.version} · rendered with ${renderer} · ${scope}\n`;
}

function serviceLine(service: string, findings: Finding[], c: ChalkInstance): string {
  return `${statusMark(findings, c)} ${c.bold(service)}  ${counts(findings, c)}`;
}

function groupByService(groups: FindingGroup[]): Map<string, FindingGroup[]> {
  const byService = new Map<string, FindingGroup[]>();
  for (const group of groups) byService.set(group.service, [...(byService.get(group.service) ?? []), group]);
  return byService;
}

function allOf(group: FindingGroup): Finding[] {
  return [...group.blocking, ...group.warnings, ...group.allowed];
}

/** One env pair: blocking findings, then warnings, each under its resource; allowed ones summarised. */
function pairLines(group: FindingGroup, c: ChalkInstance): string[] {
  const lines = [`  ${pairLabel(group.envs)}  ${counts(allOf(group), c)}`];
  for (const findings of [group.blocking, group.warnings]) {
    let lastResource = '';
    for (const finding of [...findings].sort(byResource)) {
      const resource = resourceLabel(finding);
      if (resource !== lastResource) lines.push(`    ${c.bold(resource)}`);
      lastResource = resource;
      lines.push(...findingLines(finding, c));
    }
  }
  const allowed = summarizeAllowed(group.allowed);
  if (allowed) lines.push(`    ${c.dim(`allowed: ${allowed}`)}`);
  return lines;
}

/** A Helm service's values keys that differ between the pair, allowed ones folded into a count. */
function valuesLines(result: AuditResult, group: FindingGroup, c: ChalkInstance): string[] {
  const view = result.values?.find((entry) => entry.service === group.service && entry.envs.join('\u0000') === group.envs.join('\u0000'));
  if (!view) return [];
  const shown = view.keys.filter((key) => key.status !== 'allowed');
  const folded = view.keys.length - shown.length;
  const lines = [`    ${c.bold('values that differ')}${folded ? c.dim(` (${folded} allowed not shown)`) : ''}`];
  for (const key of shown) {
    const at = key.at.map((where) => `${where.env} ${where.file}${where.line ? `:${where.line}` : ''}`).join(', ');
    lines.push(`      ${key.key}  ${c.dim(at)}${key.status === 'untraced' ? '' : `  ${key.status === 'blocking' ? c.red(key.status) : c.yellow(key.status)}`}`);
  }
  return lines;
}

function findingLines(finding: Finding, c: ChalkInstance): string[] {
  const mark = finding.blocking ? c.red('✗') : c.yellow('!');
  const code = finding.blocking ? c.red(finding.code) : c.yellow(finding.code);
  const lines = [`      ${mark} ${code}  ${finding.path ?? ''}`.trimEnd(), `        ${finding.message}`];
  // The values per environment, unless the sentence already says them.
  const entries = Object.entries(finding.values);
  const width = Math.max(...entries.map(([env]) => env.length), 0);
  const said =
    finding.code === 'RESOURCE_MISSING' ||
    entries.some(([, value]) => isMultiline(value)) ||
    entries.every(([, value]) => quotes(finding.message, show(value)));
  if (!said) {
    for (const [env, value] of entries) lines.push(`        ${c.dim(`${env}:`.padEnd(width + 2))}${show(value)}`);
  }
  if (finding.source) lines.push(`        ${c.dim(`at ${finding.source.file}${finding.source.line ? `:${finding.source.line}` : ''}`)}`);
  return lines;
}

function resourceLabel(finding: Finding): string {
  return finding.resource ? `${finding.resource.kind} ${finding.resource.name}` : '(policy)';
}

/** Stable: keeps the report order within a resource. */
function byResource(a: Finding, b: Finding): number {
  const left = resourceLabel(a);
  const right = resourceLabel(b);
  return left === right ? 0 : left < right ? -1 : 1;
}

/** Whether a sentence quotes a shown value as a whole (not as part of a longer word or number). */
function quotes(message: string, shown: string): boolean {
  const escaped = shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s(])${escaped}($|[\\s,.;)])`).test(message);
}

function summarizeAllowed(findings: Finding[]): string {
  const byRule = new Map<string, number>();
  for (const finding of findings) {
    if (!finding.allowed) continue;
    const name = 'rule' in finding.allowed ? finding.allowed.rule : `waiver (${finding.allowed.reason})`;
    byRule.set(name, (byRule.get(name) ?? 0) + 1);
  }
  return [...byRule].map(([rule, count]) => `${rule} ×${count}`).join(', ');
}

function counts(findings: Finding[], c: ChalkInstance): string {
  const blocking = findings.filter((finding) => finding.blocking).length;
  const warnings = findings.filter((finding) => !finding.blocking && finding.allowed === null).length;
  const allowed = findings.filter((finding) => finding.allowed !== null).length;
  const parts = [];
  if (blocking) parts.push(c.red(`${blocking} blocking`));
  if (warnings) parts.push(c.yellow(`${warnings} warning${warnings === 1 ? '' : 's'}`));
  if (allowed) parts.push(c.dim(`${allowed} allowed`));
  return parts.join(' · ') || c.green('no differences');
}

function statusMark(findings: Finding[], c: ChalkInstance): string {
  if (findings.some((finding) => finding.blocking)) return c.red('✗');
  if (findings.some((finding) => finding.allowed === null)) return c.yellow('!');
  return c.green('✓');
}

function footer(result: AuditResult, c: ChalkInstance): string[] {
  const { summary } = result;
  const warnings = result.findings.filter((finding) => !finding.blocking && finding.allowed === null).length;
  const counts =
    `${plural(summary.services, 'service')}, ${summary.renders} renders · ` +
    `${summary.blocking} blocking · ${plural(warnings, 'warning')} · ${summary.allowed} allowed`;
  const rollback = result.rollback ? ['', ...rollbackLines(result.rollback), ...(result.rollback.diff ? ['', result.rollback.diff.trimEnd()] : [])] : [];
  const since = describeBaseline(result);
  return [counts, ...(since ? [since] : []), ...(result.gate ? gateLines(result, c) : [verdictLine(result, c)]), ...rollback];
}

function verdictLine(result: AuditResult, c: ChalkInstance): string {
  const { errors, summary } = result;
  if (errors.length) return c.red(`FAILED: ${plural(errors.length, 'error')} (exit 2)`);
  if (summary.blocking) return c.red(`BLOCKED: ${plural(summary.blocking, 'difference')} no policy allows (exit 1)`);
  return c.green('PASS: no blocking differences');
}

function gateLines(result: AuditResult, c: ChalkInstance): string[] {
  const gate = result.gate!;
  const subject = `${gate.service} ${gate.from} → ${gate.to}${gate.tag ? ` at ${gateTagText(gate)}` : ''}`;
  return [
    gate.open ? c.green(`Gate OPEN: ${subject}`) : c.red(`Gate CLOSED: ${subject}`),
    ...gate.reasons.map((reason) => `  - ${reason}`),
    ...checkLines(gate),
    ...(result.promotion ? promotionLines(result, c) : []),
  ];
}

/** The checks as aligned columns (plain text: the verdict column says pass/fail). */
function checkLines(gate: NonNullable<AuditResult['gate']>): string[] {
  const table = checkTable(gate);
  if (!table) return [];
  return plainCheckLines(table).map((line) => `  ${line}`);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function promotionLines(result: AuditResult, c: ChalkInstance): string[] {
  const promotion = result.promotion!;
  const notes = promotion.notes.map((note) => `  note: ${note}`);
  switch (promotion.status) {
    case 'noop':
      return [c.green(`Nothing to promote: ${promotion.to} already runs ${promotion.tag}`), ...notes];
    case 'refused':
      return [c.red(`Not promoted: the gate is closed; ${promotion.file} is unchanged`)];
    case 'dry-run':
      return [`Dry run: would write ${promotion.file} and commit "${promotion.message}"`, ...notes, '', promotion.diff.trimEnd()];
    case 'written':
      return [c.green(`Wrote ${promotion.file} (not committed)`), ...notes, '', promotion.diff.trimEnd()];
    case 'committed':
      return [c.green(`Committed ${promotion.commit?.slice(0, 12)} ${promotion.message}`), ...notes, '', promotion.diff.trimEnd()];
  }
}
