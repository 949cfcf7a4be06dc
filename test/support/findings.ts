import type { AuditResult, Finding } from '../../src/types.js';

/** A compact, sortable description of a finding for exact-set assertions. */
export function describeFinding(finding: Finding): string {
  const resource = finding.resource ? `${finding.resource.kind}/${finding.resource.name}` : '-';
  return `${finding.service} ${finding.envs.join(':')} ${finding.code} ${resource} ${finding.path ?? '-'}`;
}

export function blocking(result: AuditResult): string[] {
  return result.findings.filter((finding) => finding.blocking).map(describeFinding).sort();
}

export function allowedBy(result: AuditResult, rule: string): string[] {
  return result.findings
    .filter((finding) => finding.allowed && 'rule' in finding.allowed && finding.allowed.rule === rule)
    .map(describeFinding)
    .sort();
}
