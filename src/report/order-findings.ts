import type { AuditResult, Finding, ResourceRef } from '../types.js';

/** The findings of one service for one env pair (or one environment), split by outcome. */
export interface FindingGroup {
  service: string;
  /** The pair (or single environment) the findings compare, in promotion order. */
  envs: string[];
  blocking: Finding[];
  /** Neither blocking nor allowed. */
  warnings: Finding[];
  allowed: Finding[];
}

/**
 * Groups findings by service, then env pair, each list in a stable order
 * (code, resource, path, id) so the same result always prints the same report.
 */
export function groupFindings(result: AuditResult): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of sortFindings(result)) {
    const key = `${finding.service}\u0000${finding.envs.join('\u0000')}`;
    let group = groups.get(key);
    if (!group) {
      group = { service: finding.service, envs: [...finding.envs], blocking: [], warnings: [], allowed: [] };
      groups.set(key, group);
    }
    outcomeList(group, finding).push(finding);
  }
  return [...groups.values()];
}

/** Every finding in report order: service, pair, blocking first, code, resource, path. */
export function sortFindings(result: AuditResult): Finding[] {
  const rank = pairRank(result.pairs);
  return [...result.findings].sort(
    (a, b) =>
      compare(a.service, b.service) ||
      rank(a.envs) - rank(b.envs) ||
      compare(a.envs.join(' '), b.envs.join(' ')) ||
      outcome(a) - outcome(b) ||
      compare(a.code, b.code) ||
      compare(resourceKey(a.resource), resourceKey(b.resource)) ||
      compare(a.path ?? '', b.path ?? '') ||
      compare(a.id, b.id),
  );
}

/** `staging → production`; a single environment stays as it is; none is `policy`. */
export function pairLabel(envs: readonly string[]): string {
  return envs.length === 0 ? 'policy' : envs.join(' → ');
}

export function isWarning(finding: Finding): boolean {
  return !finding.blocking && finding.allowed === null;
}

function outcomeList(group: FindingGroup, finding: Finding): Finding[] {
  if (finding.blocking) return group.blocking;
  return finding.allowed === null ? group.warnings : group.allowed;
}

function outcome(finding: Finding): number {
  if (finding.blocking) return 0;
  return finding.allowed === null ? 1 : 2;
}

function pairRank(pairs: Array<[string, string]>): (envs: string[]) => number {
  const ranks = new Map(pairs.map(([a, b], index) => [`${a}\u0000${b}`, index]));
  return (envs) => ranks.get(envs.join('\u0000')) ?? pairs.length;
}

function resourceKey(resource: ResourceRef | null): string {
  return resource ? `${resource.kind}\u0000${resource.name}\u0000${resource.apiVersion}` : '';
}

/** Locale-independent comparison (UTF-16 code units), so order never depends on the machine. */
function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
