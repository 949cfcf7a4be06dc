import type { AuditResult, Finding } from '../../types.js';
import { describeAllowance, plural } from '../describe.js';
import { escapeHtml } from '../escape.js';
import { pairLabel } from '../order-findings.js';
import { cellAnchor, serviceAnchor } from './anchors.js';
import { errorBox } from './errors.js';
import { findingTable } from './finding-table.js';
import type { Matrix, MatrixCell, MatrixRow } from './matrix-model.js';
import type { HtmlOptions } from './options.js';
import { statusBadge } from './status.js';

/** Per service and env pair: blocking first, then warnings, then allowed differences folded per rule. */
export function renderDetails(result: AuditResult, matrix: Matrix, options: HtmlOptions): string[] {
  const quiet: string[] = [];
  const sections: string[] = [];
  const context: Context = { result, matrix, options };
  matrix.rows.forEach((row, index) => {
    if (row.cells.some(hasDetails)) sections.push(...serviceSection(context, row, index));
    else quiet.push(`<li id="${serviceAnchor(index)}" data-service="${escapeHtml(row.service)}" data-status="pass">${escapeHtml(row.service)}</li>`);
  });
  return [
    '<section id="details" aria-labelledby="details-title">',
    '<h2 id="details-title">Details per service</h2>',
    ...sections,
    ...(quiet.length ? [`<h3>${escapeHtml(plural(quiet.length, 'service'))} without differences</h3>`, `<ul class="quiet">${quiet.join('')}</ul>`] : []),
    '</section>',
  ];
}

interface Context {
  result: AuditResult;
  matrix: Matrix;
  options: HtmlOptions;
}

function hasDetails(cell: MatrixCell): boolean {
  return cell.group !== null || cell.state === 'error';
}

function serviceSection(context: Context, row: MatrixRow, index: number): string[] {
  const pairs = row.cells.flatMap((cell, column) => (hasDetails(cell) ? pairSection(context, row, cell, [index, column]) : []));
  return [
    `<section class="service" id="${serviceAnchor(index)}" data-service="${escapeHtml(row.service)}" data-status="${row.state}" aria-labelledby="${serviceAnchor(index)}-title">`,
    `<h3 id="${serviceAnchor(index)}-title">${statusBadge(row.state)} ${escapeHtml(row.service || '(policy)')}</h3>`,
    ...pairs,
    '</section>',
  ];
}

function pairSection({ result, matrix, options }: Context, row: MatrixRow, cell: MatrixCell, [index, column]: [number, number]): string[] {
  const envs = matrix.columns[column]!;
  const errors = result.errors.filter((error) => error.service === row.service && (!error.env || envs.includes(error.env)));
  const group = cell.group;
  const table = (findings: Finding[], withMessage: boolean) => findingTable(findings, { envs: group?.envs ?? envs, sourceUrl: options.sourceUrl, pathPrefix: options.pathPrefix, withMessage });
  return [
    `<section class="pair" id="${cellAnchor(index, column)}">`,
    `<h4>${escapeHtml(row.service || '(policy)')}: ${escapeHtml(envs.length ? pairLabel(envs) : 'other')} ${statusBadge(cell.state)}</h4>`,
    ...errors.map((error) => errorBox(error, options)),
    ...(group?.blocking.length ? [`<p class="group-title bad">${escapeHtml(plural(group.blocking.length, 'blocking difference'))}</p>`, table(group.blocking, true)] : []),
    ...(group?.warnings.length ? [`<p class="group-title warn">${escapeHtml(plural(group.warnings.length, 'warning'))}</p>`, table(group.warnings, true)] : []),
    ...allowedByRule(group?.allowed ?? []).flatMap(([rule, findings]) => [
      `<details class="allowed"><summary>${escapeHtml(`${plural(findings.length, 'allowed difference')} by ${rule}`)}: <span class="reason">${escapeHtml(findings[0]!.allowed?.reason ?? '')}</span></summary>`,
      table(findings, false),
      '</details>',
    ]),
    '</section>',
  ];
}

function allowedByRule(findings: Finding[]): Array<[string, Finding[]]> {
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) {
    const rule = finding.allowed ? describeAllowance(finding.allowed) : 'policy';
    byRule.set(rule, [...(byRule.get(rule) ?? []), finding]);
  }
  return [...byRule.entries()];
}
