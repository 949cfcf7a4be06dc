import type { Finding } from '../types.js';
import { byImportance } from './importance.js';
import type { FindingGroup } from './order-findings.js';

/** One service's findings over all its pairs, for the shortened comment. */
export interface ServiceFindings {
  service: string;
  /** Most important first (importance.ts), then report order. */
  blocking: Finding[];
  warnings: number;
  allowed: number;
}

/**
 * Services with blocking findings first, the rest after, each part in report order (the
 * groups' order, by service name). The same order for sections, trimmed rows and the table.
 */
export function summarizeServices(groups: FindingGroup[]): ServiceFindings[] {
  const byService = new Map<string, ServiceFindings>();
  for (const group of groups) {
    const entry = byService.get(group.service) ?? { service: group.service, blocking: [], warnings: 0, allowed: 0 };
    entry.blocking.push(...group.blocking);
    entry.warnings += group.warnings.length;
    entry.allowed += group.allowed.length;
    byService.set(group.service, entry);
  }
  const services = [...byService.values()].map((entry) => ({ ...entry, blocking: byImportance(entry.blocking) }));
  return [...services.filter((entry) => entry.blocking.length > 0), ...services.filter((entry) => entry.blocking.length === 0)];
}

/** The groups of services with blocking findings first, keeping each service's pairs together. */
export function orderGroups(groups: FindingGroup[], services: ServiceFindings[]): FindingGroup[] {
  const rank = new Map(services.map((entry, index) => [entry.service, index]));
  return groups
    .map((group, index) => ({ group, index }))
    .sort((a, b) => (rank.get(a.group.service) ?? 0) - (rank.get(b.group.service) ?? 0) || a.index - b.index)
    .map(({ group }) => group);
}
