import type { Finding } from '../types.js';
import { cut, describeResource, describeValue, describeWhere } from './describe.js';
import { tableHead, tableRow } from './markdown-table.js';
import type { ServiceFindings } from './markdown-services.js';
import { pairLabel } from './order-findings.js';

/** How long one value may get in the shortened table. */
const TRIMMED_VALUE_LENGTH = 40;
/** How long a path (or, without one, the message) may get there. */
const MAX_WHERE_LENGTH = 120;

/** Compact on purpose: one row per shown finding must fit for hundreds of services. */
const HEADER = ['Service', 'Code', 'Where', 'Values'];

/**
 * One table of blocking findings, at most `perService` per service (its most important ones)
 * and always its first: the service cell says how many of its blocking findings are shown. The
 * values name their environments (the pair, when there are none); sources are in the full report.
 * `rows` caches each finding's rendered row across the size-fitting attempts.
 */
export function renderTrimmed(services: ServiceFindings[], perService: number, rows: WeakMap<Finding, string>): string[] {
  const lines = [...tableHead(HEADER)];
  for (const entry of services) {
    const shown = entry.blocking.slice(0, Math.max(1, perService));
    const label = shown.length < entry.blocking.length ? `${entry.service} (${shown.length} of ${entry.blocking.length})` : entry.service;
    for (const [index, finding] of shown.entries()) lines.push(trimmedRow(finding, index === 0 ? label : '', rows));
  }
  return [...lines, ''];
}

/** Blocking findings the trimmed table leaves out. */
export function hiddenByTrim(services: ServiceFindings[], perService: number): number {
  return services.reduce((sum, entry) => sum + Math.max(0, entry.blocking.length - Math.max(1, perService)), 0);
}

function trimmedRow(finding: Finding, service: string, rows: WeakMap<Finding, string>): string {
  const key = `${service}\u0000`;
  const cached = rows.get(finding);
  if (cached?.startsWith(key)) return cached.slice(key.length);
  const values = finding.envs
    .filter((env) => Object.hasOwn(finding.values, env))
    .map((env) => `${env}: ${describeValue(finding.values, env, TRIMMED_VALUE_LENGTH)}`)
    .join(' · ');
  const where = `${describeResource(finding.resource)} ${cut(describeWhere(finding), MAX_WHERE_LENGTH)}`;
  const row = tableRow([service, finding.code, where, values || pairLabel(finding.envs)]);
  rows.set(finding, `${key}${row}`);
  return row;
}
