import { plural } from './describe.js';
import { escapeMarkdown } from './escape.js';
import { tableHead, tableRow } from './markdown-table.js';
import type { ServiceFindings } from './markdown-services.js';

const HEADER = ['Service', 'Blocking', 'Warnings', 'Allowed', 'Most important'];

/**
 * The last degradation: a table of services with their counts (services with blocking findings
 * first), as many rows as `budget` characters hold, then one line for the services left out.
 */
export function renderCollapsed(services: ServiceFindings[], budget: number): string[] {
  const head = tableHead(HEADER);
  let used = head.join('\n').length + moreLine(services.length, services.length).length + 4;
  const rows: string[] = [];
  for (const entry of services) {
    const row = serviceRow(entry);
    if (used + row.length + 1 > budget) break;
    rows.push(row);
    used += row.length + 1;
  }
  const left = services.slice(rows.length);
  const more = left.length > 0 ? [moreLine(left.length, left.filter((entry) => entry.blocking.length > 0).length), ''] : [];
  return [...head, ...rows, '', ...more];
}

function serviceRow(entry: ServiceFindings): string {
  const top = entry.blocking[0]?.code ?? '—';
  return tableRow([entry.service || '(all services)', String(entry.blocking.length), String(entry.warnings), String(entry.allowed), top]);
}

function moreLine(services: number, blocking: number): string {
  return escapeMarkdown(`… and ${plural(services, 'more service')} (${blocking} with blocking findings) not listed; see the full report.`);
}
