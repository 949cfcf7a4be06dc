import type { AuditResult, Finding } from '../types.js';

export interface PairGroup {
  /** `staging → production`, or the single environment for per-env findings, or `policy`. */
  label: string;
  envs: string[];
  findings: Finding[];
}

export interface ServiceGroup {
  service: string;
  pairs: PairGroup[];
}

/** Findings grouped by service, then env pair, in the result's promotion order. */
export function groupFindings(result: AuditResult): ServiceGroup[] {
  const services = new Map<string, Map<string, PairGroup>>();
  for (const finding of result.findings) {
    const pairs = services.get(finding.service) ?? new Map<string, PairGroup>();
    services.set(finding.service, pairs);
    const label = pairLabel(finding.envs);
    const group = pairs.get(label) ?? { label, envs: finding.envs, findings: [] };
    pairs.set(label, group);
    group.findings.push(finding);
  }
  const order = new Map(result.services.map((service, index) => [service.name, index]));
  return [...services]
    .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b))
    .map(([service, pairs]) => ({ service, pairs: sortPairs([...pairs.values()], result) }));
}

export function pairLabel(envs: readonly string[]): string {
  return envs.length === 0 ? 'policy' : envs.join(' → ');
}

function sortPairs(groups: PairGroup[], result: AuditResult): PairGroup[] {
  const rank = (group: PairGroup): number => {
    const index = result.pairs.findIndex(([a, b]) => a === group.envs[0] && b === group.envs[1]);
    return index === -1 ? result.pairs.length : index;
  };
  return groups.sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label));
}

/** Blocking first, then warnings, then allowed; stable otherwise. */
export function byImportance(a: Finding, b: Finding): number {
  return importance(a) - importance(b);
}

function importance(finding: Finding): number {
  if (finding.blocking) return 0;
  if (finding.allowed === null) return 1;
  return 2;
}

export function resourceLabel(finding: Finding): string {
  return finding.resource ? `${finding.resource.kind} ${finding.resource.name}` : '(policy)';
}
