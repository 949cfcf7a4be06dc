import type { GateCheck, GateVerdict, IncidentEvidence, PerformanceEvidence } from '../types.js';

/** The gate's checks as a small table every format renders its own way; null when it ran only the parity check. */
export interface CheckTable {
  header: string[];
  rows: string[][];
  /** Lines under the table: the windows the performance values cover and where the rollout time came from. */
  notes: string[];
}

const CHECK_TABLE_HEADER = ['check', 'what', 'before', 'after', 'ratio', 'tolerance', 'verdict'];

export function checkTable(gate: GateVerdict): CheckTable | null {
  if (!gate.checks || gate.checks.length < 2) return null;
  return { header: CHECK_TABLE_HEADER, rows: gate.checks.flatMap(rowsOf), notes: windowNotes(gate.checks) };
}

/** The table as aligned plain-text lines, its notes after it (human output, JUnit `<system-out>`). */
export function plainCheckLines(table: CheckTable): string[] {
  const rows = [table.header, ...table.rows];
  const widths = table.header.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return [...rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()), ...table.notes];
}

/** One line per distinct pair of windows (every query of one gate normally shares them). */
function windowNotes(checks: GateCheck[]): string[] {
  const performance = checks.find((check) => check.name === 'performance' && Array.isArray(check.evidence));
  return [...new Set(((performance?.evidence ?? []) as PerformanceEvidence[]).map(windowNote))];
}

function windowNote(item: PerformanceEvidence): string {
  const { before, after, rollout } = item;
  const source =
    rollout.from === 'replicaset'
      ? `ReplicaSet ${rollout.ref}, from the cluster`
      : `commit ${rollout.ref.slice(0, 12)}, from git${rollout.note ? ` (${rollout.note})` : ''}`;
  return (
    `performance windows: before ${instant(before.start)} → ${instant(before.end)}, after ${instant(after.start)} → ${instant(after.end)}; ` +
    `rollout started ${instant(rollout.at)} (${source})`
  );
}

/** ISO time without milliseconds. */
function instant(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

function rowsOf(check: GateCheck): string[][] {
  if (check.name === 'performance' && Array.isArray(check.evidence) && check.evidence.length > 0) {
    return (check.evidence as PerformanceEvidence[]).map(performanceRow);
  }
  return [[check.name, summaryOf(check), '', '', '', '', check.verdict]];
}

function performanceRow(item: PerformanceEvidence): string[] {
  const ratio = item.ratio === null ? '—' : item.ratio.toFixed(2);
  return [`performance ${item.name}`, `${item.query} (${item.better} is better)`, value(item.before.value), value(item.after.value), ratio, `${item.tolerance}%`, item.verdict];
}

function summaryOf(check: GateCheck): string {
  if (check.name === 'incidents' && check.evidence && !Array.isArray(check.evidence)) {
    const evidence = check.evidence as IncidentEvidence;
    const count = evidence.alerts.length;
    return `${count} open alert${count === 1 ? '' : 's'} matching ${evidence.matchers.join(', ')}`;
  }
  if (check.verdict === 'pass') return check.name === 'parity' ? 'no blocking difference' : 'all conditions met';
  const count = check.reasons.length;
  return `${count} reason${count === 1 ? '' : 's'}`;
}

function value(number: number | null): string {
  if (number === null) return 'no data';
  return Number.isInteger(number) ? String(number) : String(Number(number.toPrecision(4)));
}
