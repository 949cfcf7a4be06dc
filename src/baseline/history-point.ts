import type { AuditResult, Finding } from '../types.js';

export interface OutcomeCounts {
  blocking: number;
  warnings: number;
  allowed: number;
}

/** One result reduced to what the trend draws: counts overall and per service, at a time. */
export interface HistoryPoint {
  time: string;
  commit: string | null;
  overall: OutcomeCounts;
  services: Record<string, OutcomeCounts>;
}

export function historyPoint(result: AuditResult, time: string): HistoryPoint {
  const services: Record<string, OutcomeCounts> = {};
  for (const service of result.services) services[service.name] = emptyCounts();
  const overall = emptyCounts();
  for (const finding of result.findings) {
    const counts = (services[finding.service] ??= emptyCounts());
    counts[outcomeOf(finding)] += 1;
    overall[outcomeOf(finding)] += 1;
  }
  return { time, commit: result.run?.commit ?? null, overall, services };
}

function outcomeOf(finding: Finding): keyof OutcomeCounts {
  if (finding.blocking) return 'blocking';
  return finding.allowed === null ? 'warnings' : 'allowed';
}

function emptyCounts(): OutcomeCounts {
  return { blocking: 0, warnings: 0, allowed: 0 };
}
