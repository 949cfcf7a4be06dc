import type { GateCheck, GateVerdict, IncidentEvidence, PerformanceEvidence } from '../types.js';

/** The gate's checks as a small table every format renders its own way; null when it ran only the parity check. */
export interface CheckTable {
  header: string[];
  rows: string[][];
}

export const CHECK_TABLE_HEADER = ['check', 'what', 'before', 'after', 'ratio', 'tolerance', 'verdict'];

export function checkTable(gate: GateVerdict): CheckTable | null {
  if (!gate.checks || gate.checks.length < 2) return null;
  return { header: CHECK_TABLE_HEADER, rows: gate.checks.flatMap(rowsOf) };
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
