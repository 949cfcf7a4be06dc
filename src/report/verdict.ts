import type { AuditResult } from '../types.js';
import { isWarning, pairLabel } from './order-findings.js';
import { plural } from './describe.js';

export interface Verdict {
  /** False when anything blocks: an error, a blocking finding or a closed gate (fail closed). */
  passed: boolean;
  /** One line, without any format's markup. */
  headline: string;
  counts: FindingCounts;
}

interface FindingCounts {
  blocking: number;
  warnings: number;
  allowed: number;
  /** Services with at least one blocking finding. */
  blockingServices: number;
  errors: number;
}

/** The verdict every format leads with; counts come from the findings themselves. */
export function summarizeVerdict(result: AuditResult): Verdict {
  const counts = countFindings(result);
  const passed = counts.errors === 0 && counts.blocking === 0 && (result.gate?.open ?? true);
  return { passed, headline: headline(result, counts, passed), counts };
}

function countFindings(result: AuditResult): FindingCounts {
  const blocking = result.findings.filter((finding) => finding.blocking);
  return {
    blocking: blocking.length,
    warnings: result.findings.filter(isWarning).length,
    allowed: result.findings.filter((finding) => finding.allowed !== null).length,
    blockingServices: new Set(blocking.map((finding) => finding.service)).size,
    errors: result.errors.length,
  };
}

function headline(result: AuditResult, counts: FindingCounts, passed: boolean): string {
  const gate = result.gate;
  const subject = gate ? `parity gate ${passed ? 'open' : 'closed'}: ${gate.service} ${pairLabel([gate.from, gate.to])}` : 'parity';
  const tag = gate?.tag ? ` (tag ${gate.tag})` : '';
  const parts = problems(counts);
  if (parts.length === 0 && !passed) parts.push(gate?.reasons[0] ?? 'the gate is closed');
  return `${subject}${tag}: ${parts.length > 0 ? parts.join(', ') : 'no blocking differences'}`;
}

function problems(counts: FindingCounts): string[] {
  const parts: string[] = [];
  if (counts.errors > 0) parts.push(plural(counts.errors, 'error'));
  if (counts.blocking > 0) {
    parts.push(`${plural(counts.blocking, 'blocking difference')} across ${plural(counts.blockingServices, 'service')}`);
  }
  return parts;
}
