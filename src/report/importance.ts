import type { Finding, FindingCode } from '../types.js';

/**
 * How much a finding code matters when only some findings can be shown (GitHub's annotation
 * cap, a trimmed comment): TLS posture first, then what leaks between environments or runs
 * untested code, then expired promises, then plain drift; warnings last.
 */
const CODE_IMPORTANCE: readonly FindingCode[] = [
  'MTLS_MISMATCH',
  'MTLS_REQUIRED',
  'CROSS_ENV_REFERENCE',
  'SECRET_DRIFT',
  'IMAGE_MISMATCH',
  'WAIVER_EXPIRED',
  'LIVE_MISSING',
  'RESOURCE_MISSING',
  'LIVE_DRIFT',
  'VALUE_DRIFT',
  'SECRET_REUSED',
  'ALLOW_STALE',
];

function codeRank(code: FindingCode): number {
  const rank = CODE_IMPORTANCE.indexOf(code);
  return rank < 0 ? CODE_IMPORTANCE.length : rank;
}

/**
 * Findings most important first: blocking before the rest, then by code importance; findings
 * of equal importance keep the order they came in (the report order), so the cut is stable.
 */
export function byImportance(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => Number(b.finding.blocking) - Number(a.finding.blocking) || codeRank(a.finding.code) - codeRank(b.finding.code) || a.index - b.index)
    .map(({ finding }) => finding);
}
