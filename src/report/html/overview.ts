import type { AuditResult } from '../../types.js';
import { plural } from '../describe.js';
import { escapeHtml } from '../escape.js';
import { pairLabel } from '../order-findings.js';
import type { Verdict } from '../verdict.js';
import { cellAnchor, serviceAnchor } from './anchors.js';
import type { Matrix, MatrixCell } from './matrix-model.js';
import { statusBadge } from './status.js';

/** The verdict and what was audited: repository, commit, time, renderer, policy digest. */
export function renderRunFacts(result: AuditResult, verdict: Verdict): string[] {
  const run = result.run;
  const facts: Array<[string, string]> = [
    ['Repository', run?.repo ?? 'unknown (not a git repository)'],
    ['Commit', run?.commit ?? 'unknown'],
    ['Audited at', run ? run.time.replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC') : 'unknown'],
    ['Renderer', result.renderer ? `${result.renderer.name} (Kustomize ${result.renderer.version})` : 'none'],
    ['Policy digest', run ? `sha256:${run.policyDigest.slice(0, 16)}` : 'unknown'],
    ['Scope', `${plural(result.summary.services, 'service')}, ${plural(result.summary.renders, 'render')}, pairs ${result.pairs.map(pairLabel).join(', ') || 'none'}`],
  ];
  const counts = `${verdict.counts.blocking} blocking · ${plural(verdict.counts.warnings, 'warning')} · ${verdict.counts.allowed} allowed · ${plural(verdict.counts.errors, 'error')}`;
  return [
    `<header class="verdict ${verdict.passed ? 'pass' : 'fail'}">`,
    `<h1>${statusBadge(verdict.passed ? 'pass' : 'blocking', verdict.passed ? 'pass' : 'fail')} ${escapeHtml(verdict.headline)}</h1>`,
    `<p class="counts">${escapeHtml(counts)}</p>`,
    '<dl class="facts">',
    ...facts.map(([term, value]) => `<div><dt>${term}</dt><dd><code>${escapeHtml(value)}</code></dd></div>`),
    '</dl>',
    '</header>',
  ];
}

/** One row per service, one column per env pair; each cell links to its details. */
export function renderMatrix(matrix: Matrix): string[] {
  const headers = matrix.columns.map((column) => `<th scope="col">${escapeHtml(column.length ? pairLabel(column) : 'other')}</th>`);
  const rows = matrix.rows.map((row, index) => {
    const cells = row.cells.map((cell, column) => renderCell(cell, index, column, matrix.columns[column]!));
    const name = `<th scope="row"><a href="#${serviceAnchor(index)}">${escapeHtml(row.service || '(policy)')}</a></th>`;
    return `<tr data-service="${escapeHtml(row.service)}" data-status="${row.state}">${name}${cells.join('')}</tr>`;
  });
  return [
    '<section id="overview" aria-labelledby="overview-title">',
    '<h2 id="overview-title">Services × environment pairs</h2>',
    `<p class="legend">Each cell: status, then blocking · warnings · allowed differences. ${plural(matrix.rows.filter((row) => row.state === 'blocking' || row.state === 'error').length, 'service')} at risk, listed first.</p>`,
    '<table class="matrix">',
    `<thead><tr><th scope="col">Service</th>${headers.join('')}</tr></thead>`,
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
    '</section>',
  ];
}

function renderCell(cell: MatrixCell, row: number, column: number, envs: string[]): string {
  const data = `data-label="${escapeHtml(envs.length ? pairLabel(envs) : 'other')}" data-blocking="${cell.blocking}" data-warnings="${cell.warnings}" data-allowed="${cell.allowed}"`;
  if (cell.state === 'absent') return `<td class="cell absent" ${data}>${statusBadge('absent')}</td>`;
  const fresh = cell.fresh > 0 ? ` <span class="new">${cell.fresh} new</span>` : '';
  const counts = `<span class="tally">${cell.blocking} blocking · ${cell.warnings} warn · ${cell.allowed} allowed</span>`;
  const body = `${statusBadge(cell.state)}${fresh} ${counts}`;
  const linked = cell.group || cell.state === 'error' ? `<a href="#${cellAnchor(row, column)}">${body}</a>` : body;
  return `<td class="cell ${cell.state}" ${data}>${linked}</td>`;
}
