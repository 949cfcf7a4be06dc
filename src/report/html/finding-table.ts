import type { Finding } from '../../types.js';
import { describeResource, describeValue } from '../describe.js';
import { escapeHtml } from '../escape.js';
import { findingAnchor } from './anchors.js';
import { sourceLink } from './source-link.js';

/** Values may be long; the page wraps them, so only the absurd is cut. */
const MAX_HTML_VALUE = 2_000;

export interface TableOptions {
  envs: string[];
  sourceUrl: string | null | undefined;
  pathPrefix: string | undefined;
  /** Allowed differences already name their rule in the summary above the table. */
  withMessage: boolean;
}

/** Findings as a table that stacks into one card per finding on narrow screens. */
export function findingTable(findings: Finding[], options: TableOptions): string {
  const envs = options.envs.length ? options.envs : envsOf(findings);
  const header = ['Code', 'Resource', 'Path', ...envs, ...(options.withMessage ? ['Message'] : []), 'Source'];
  const rows = findings.map((finding) => findingRow(finding, envs, options));
  return [
    '<table class="findings">',
    `<thead><tr>${header.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

function findingRow(finding: Finding, envs: string[], options: TableOptions): string {
  const status = finding.status === 'new' ? ' <span class="new">new</span>' : '';
  const cells = [
    cell('Code', `<code>${escapeHtml(finding.code)}</code>${status}`, 'code'),
    cell('Resource', escapeHtml(describeResource(finding.resource))),
    cell('Path', `<code>${escapeHtml(finding.path ?? '—')}</code>`, 'mono'),
    ...envs.map((env) => cell(env, `<code>${escapeHtml(describeValue(finding.values, env, MAX_HTML_VALUE))}</code>`, 'value')),
    ...(options.withMessage ? [cell('Message', escapeHtml(finding.message))] : []),
    cell('Source', sourceLink(finding.source, options.sourceUrl, options.pathPrefix), 'mono'),
  ];
  const kind = finding.blocking ? 'blocking' : finding.allowed ? 'allowed' : 'warning';
  return `<tr id="${findingAnchor(finding.id)}" class="${kind}" data-code="${escapeHtml(finding.code)}" data-status="${finding.status ?? ''}">${cells.join('')}</tr>`;
}

function cell(label: string, html: string, className?: string): string {
  return `<td data-label="${escapeHtml(label)}"${className ? ` class="${className}"` : ''}>${html}</td>`;
}

function envsOf(findings: Finding[]): string[] {
  return [...new Set(findings.flatMap((finding) => Object.keys(finding.values)))];
}
