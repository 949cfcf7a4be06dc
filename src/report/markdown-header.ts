import { describeBaseline } from './since-line.js';
import type { AuditResult } from '../types.js';
import { cut, describeErrorFile, describeErrorScope, plural } from './describe.js';
import { escapeMarkdown } from './escape.js';
import { checkTable } from './gate-checks.js';
import { gateTagText } from './gate-tag.js';
import { tableRow } from './markdown-table.js';
import { pairLabel } from './order-findings.js';
import { rollbackLines } from './rollback.js';
import type { Verdict } from './verdict.js';

const MAX_ERROR_LENGTH = 2_000;

/** The verdict line, errors, the gate and rollback, and the counts: what every size of comment keeps. */
export function renderHeader(result: AuditResult, verdict: Verdict): string[] {
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
  const since = describeBaseline(result);
  if (since) lines.push(`**${escapeMarkdown(since)}**`, '');
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
  const notes = table.notes.flatMap((note) => [escapeMarkdown(note), '']);
  return [tableRow(table.header), `|${table.header.map(() => '---').join('|')}|`, ...table.rows.map(tableRow), '', ...notes];
}
