import type { AuditResult, BaselineSummary, Finding } from '../types.js';

/**
 * This result against an earlier one, by stable finding id: each finding is `new` or
 * `unchanged`, and the baseline's findings this run no longer reports are `resolved` — only
 * for services this run compared again (listed, and rendered without error), so a service
 * that failed to render or was left out never looks fixed.
 */
export function compareWithBaseline(result: AuditResult, baseline: AuditResult, file: string): AuditResult {
  const before = new Set(baseline.findings.map((finding) => finding.id));
  const now = new Set(result.findings.map((finding) => finding.id));
  const findings = result.findings.map((finding): Finding => ({ ...finding, status: before.has(finding.id) ? 'unchanged' : 'new' }));
  const compared = comparedServices(result);
  const resolved = baseline.findings.filter((finding) => !now.has(finding.id) && compared.has(finding.service));
  const fresh = findings.filter((finding) => finding.status === 'new');
  const summary: BaselineSummary = {
    file,
    commit: baseline.run?.commit ?? null,
    time: baseline.run?.time ?? null,
    counts: {
      new: fresh.length,
      newBlocking: fresh.filter((finding) => finding.blocking).length,
      unchanged: findings.length - fresh.length,
      resolved: resolved.length,
    },
    resolved: resolved.map(({ status: _status, ...finding }) => finding),
  };
  return { ...result, findings, baseline: summary };
}

/** Services this run listed and rendered in every environment. */
function comparedServices(result: AuditResult): Set<string> {
  const failed = new Set(result.errors.map((error) => error.service));
  return new Set(result.services.map((service) => service.name).filter((name) => !failed.has(name)));
}
