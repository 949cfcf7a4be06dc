import { createHash } from 'node:crypto';
import type { AuditResult, Finding, ResultError } from '../types.js';
import { describeErrorScope, describeResource, describeValue } from './describe.js';
import { pairLabel, sortFindings } from './order-findings.js';
import { prefixPath, type ReportOptions } from './report-options.js';
import { FALLBACK_ARTIFACT } from './sarif.js';

/** GitLab Code Quality severities, least to most severe. */
type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

/** How long one value may get in a description. */
const VALUE_LENGTH = 120;

/** Blocking findings by code; anything not listed is `major`. */
const BLOCKING_SEVERITY: Partial<Record<Finding['code'], CodeQualitySeverity>> = {
  MTLS_MISMATCH: 'blocker',
  MTLS_REQUIRED: 'blocker',
  CROSS_ENV_REFERENCE: 'critical',
  SECRET_DRIFT: 'critical',
  IMAGE_MISMATCH: 'critical',
};

/**
 * GitLab Code Quality (the Code Climate issue subset GitLab reads): a JSON array with one issue
 * per finding that is not allowed, and one `blocker` per result error (parity fails closed).
 * Allowed findings are left out, as in SARIF: GitLab would list each as a new issue.
 * Severity: blocking MTLS_* `blocker`; blocking CROSS_ENV_REFERENCE, SECRET_DRIFT and
 * IMAGE_MISMATCH `critical`; other blocking findings `major`; warnings `minor`, ALLOW_STALE
 * `info`. The description is the finding's sentence, where it is, and its value per environment
 * (secrets `<redacted>`). `fingerprint` is the finding's stable id; paths are relative to the git root.
 */
export function formatCodeClimate(result: AuditResult, options: Partial<ReportOptions> = {}): string {
  const findings = sortFindings(result).filter((finding) => finding.allowed === null);
  const issues = [
    ...result.errors.map((error) => errorIssue(error, options.pathPrefix)),
    ...findings.map((finding) => findingIssue(finding, options.pathPrefix)),
  ];
  return `${JSON.stringify(issues, null, 2)}\n`;
}

function findingIssue(finding: Finding, prefix: string | undefined): CodeQualityIssue {
  const where = `${finding.service} ${pairLabel(finding.envs)}: ${describeResource(finding.resource)}${finding.path ? ` ${finding.path}` : ''}`;
  const values = finding.envs
    .filter((env) => Object.hasOwn(finding.values, env))
    .map((env) => `${env}: ${describeValue(finding.values, env, VALUE_LENGTH)}`);
  return {
    description: [`${finding.message} (${where})`, ...values].join(' · '),
    check_name: finding.code,
    fingerprint: finding.id,
    severity: severityOf(finding),
    location: location(finding.source?.file, finding.source?.line, prefix),
  };
}

function errorIssue(error: ResultError, prefix: string | undefined): CodeQualityIssue {
  const scope = describeErrorScope(error);
  return {
    description: `${scope}: ${error.message.split('\n')[0] ?? ''}`,
    check_name: error.code,
    fingerprint: createHash('sha256').update(`parity-error\u0000${scope}\u0000${error.file ?? ''}\u0000${error.message}`).digest('hex').slice(0, 32),
    severity: 'blocker',
    location: location(error.file, error.line, prefix),
  };
}

function severityOf(finding: Finding): CodeQualitySeverity {
  if (finding.blocking) return BLOCKING_SEVERITY[finding.code] ?? 'major';
  return finding.code === 'ALLOW_STALE' ? 'info' : 'minor';
}

function location(file: string | undefined, line: number | undefined, prefix: string | undefined): CodeQualityIssue['location'] {
  return { path: prefixPath(file ?? FALLBACK_ARTIFACT, prefix), lines: { begin: Math.max(1, Math.trunc(line ?? 1)) } };
}
