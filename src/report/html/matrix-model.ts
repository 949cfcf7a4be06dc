import type { AuditResult, Finding } from '../../types.js';
import { groupFindings, type FindingGroup } from '../order-findings.js';

export type CellState = 'error' | 'blocking' | 'warning' | 'pass' | 'absent';

export interface MatrixCell {
  state: CellState;
  blocking: number;
  warnings: number;
  allowed: number;
  /** Findings the baseline did not hold. */
  fresh: number;
  group: FindingGroup | null;
}

export interface MatrixRow {
  service: string;
  state: CellState;
  cells: MatrixCell[];
}

export interface Matrix {
  /** One column per env pair of the result, plus one for findings of no pair (a single environment, the policy). */
  columns: string[][];
  /** Services at risk first (errors, then blocking, then warnings), then by name. */
  rows: MatrixRow[];
}

const RANK: Record<CellState, number> = { error: 0, blocking: 1, warning: 2, pass: 3, absent: 4 };

/** The overview: every service against every env pair, counted from the findings themselves. */
export function buildMatrix(result: AuditResult): Matrix {
  const groups = groupFindings(result);
  const columns: string[][] = result.pairs.map((pair) => [...pair]);
  const columnOf = (envs: string[]): number => columns.findIndex((column) => column.join('\u0000') === envs.join('\u0000'));
  if (groups.some((group) => columnOf(group.envs) < 0)) columns.push([]);
  const names = [...new Set([...result.services.map((service) => service.name), ...groups.map((group) => group.service)])];
  const rows = names.map((service) => buildRow(result, service, columns, groups.filter((group) => group.service === service)));
  rows.sort((a, b) => RANK[a.state] - RANK[b.state] || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
  return { columns, rows };
}

function buildRow(result: AuditResult, service: string, columns: string[][], groups: FindingGroup[]): MatrixRow {
  const envs = result.services.find((entry) => entry.name === service)?.envs ?? [];
  const failed = result.errors.filter((error) => error.service === service).map((error) => error.env ?? '*');
  const cells = columns.map((column) => {
    const group = column.length === 0 ? mergeLoose(groups, columns) : (groups.find((entry) => entry.envs.join('\u0000') === column.join('\u0000')) ?? null);
    const present = column.length === 0 ? group !== null : column.every((env) => envs.includes(env));
    const broken = failed.includes('*') || column.some((env) => failed.includes(env));
    return buildCell(group, broken ? 'error' : present ? null : 'absent');
  });
  const state = cells.reduce<CellState>((worst, cell) => (RANK[cell.state] < RANK[worst] ? cell.state : worst), 'absent');
  return { service, state: state === 'absent' ? 'pass' : state, cells };
}

/** The findings of a service that belong to no column pair, as one group. */
function mergeLoose(groups: FindingGroup[], columns: string[][]): FindingGroup | null {
  const keys = new Set(columns.filter((column) => column.length > 0).map((column) => column.join('\u0000')));
  const loose = groups.filter((group) => !keys.has(group.envs.join('\u0000')));
  if (loose.length === 0) return null;
  return {
    service: loose[0]!.service,
    envs: [],
    blocking: loose.flatMap((group) => group.blocking),
    warnings: loose.flatMap((group) => group.warnings),
    allowed: loose.flatMap((group) => group.allowed),
  };
}

function buildCell(group: FindingGroup | null, forced: CellState | null): MatrixCell {
  const all: Finding[] = group ? [...group.blocking, ...group.warnings, ...group.allowed] : [];
  const counts = {
    blocking: group?.blocking.length ?? 0,
    warnings: group?.warnings.length ?? 0,
    allowed: group?.allowed.length ?? 0,
    fresh: all.filter((finding) => finding.status === 'new').length,
  };
  const state: CellState = forced ?? (counts.blocking > 0 ? 'blocking' : counts.warnings > 0 ? 'warning' : 'pass');
  return { state, ...counts, group };
}
