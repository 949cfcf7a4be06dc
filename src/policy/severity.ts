import type { FindingCode, Severity } from '../types.js';

export type FailOn = 'error' | 'warning' | 'never';

/** Default severity of every finding code (DESIGN.md, "Finding codes"). */
export const DEFAULT_SEVERITY: Record<FindingCode, Severity> = {
  VALUE_DRIFT: 'error',
  RESOURCE_MISSING: 'error',
  MTLS_MISMATCH: 'error',
  MTLS_REQUIRED: 'error',
  IMAGE_MISMATCH: 'error',
  CROSS_ENV_REFERENCE: 'error',
  SECRET_DRIFT: 'error',
  SECRET_REUSED: 'warning',
  ALLOW_STALE: 'warning',
  WAIVER_EXPIRED: 'error',
  LIVE_DRIFT: 'error',
  LIVE_MISSING: 'error',
};

/** Whether a finding of this severity closes the gate at the given threshold. */
export function meetsThreshold(severity: Severity, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return failOn === 'warning' || severity === 'error';
}
