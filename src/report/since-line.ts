import type { AuditResult } from '../types.js';

/** `since last report (commit 1a2b3c4d5e6f, 2026-12-01T02:00:00.000Z): 3 new (1 blocking), 1 resolved, 5 unchanged`. */
export function describeBaseline(result: AuditResult): string | null {
  const baseline = result.baseline;
  if (!baseline) return null;
  const { counts } = baseline;
  const from = [baseline.commit ? `commit ${baseline.commit.slice(0, 12)}` : null, baseline.time].filter(Boolean).join(', ');
  return `since last report${from ? ` (${from})` : ''}: ${counts.new} new (${counts.newBlocking} blocking), ${counts.resolved} resolved, ${counts.unchanged} unchanged`;
}
