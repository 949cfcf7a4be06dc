import type { AuditResult, Finding, HistoryPoint, OutcomeCounts } from '../types.js';

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
