import type { AuditResult } from '../../types.js';
import { escapeHtml } from '../escape.js';
import { summarizeVerdict } from '../verdict.js';
import { renderDetails } from './details.js';
import { renderErrors, renderGate } from './errors.js';
import { FILTER_SCRIPT, FILTER_SCRIPT_HASH, filterForm } from './filter-script.js';
import { buildMatrix } from './matrix-model.js';
import type { HtmlOptions } from './options.js';
import { renderMatrix, renderRunFacts } from './overview.js';
import { renderSince } from './since.js';
import { STYLE } from './style.js';
import { renderTrend } from './trend.js';

const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src ${FILTER_SCRIPT_HASH}; base-uri 'none'; form-action 'none'`;

/**
 * The scheduled report as one self-contained page: the verdict and what was audited, what
 * changed since the baseline, the services × pairs overview, the trend, then the details.
 * Inline CSS and one hashed inline script (filtering only); the CSP forbids loading anything.
 * Every piece of result text is HTML-escaped.
 */
export function formatHtml(result: AuditResult, options: HtmlOptions = {}): string {
  const verdict = summarizeVerdict(result);
  const matrix = buildMatrix(result);
  const sections = [
    ...renderErrors(result, options),
    ...renderGate(result, verdict.passed),
    ...renderSince(result, options),
    ...renderMatrix(matrix),
    ...renderTrend(options.history),
    ...renderDetails(result, matrix, options),
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(verdict.headline)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<a class="skip" href="#main">Skip to the report</a>',
    ...renderRunFacts(result, verdict),
    renderNav(sections),
    '<main id="main">',
    filterForm(result.findings.map((finding) => finding.code)),
    ...sections,
    '</main>',
    `<footer>parity ${escapeHtml(result.tool.version)} · JSON result schema ${result.schemaVersion}</footer>`,
    `<script>${FILTER_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const NAV: Array<[string, string]> = [
  ['errors', 'Errors'],
  ['gate', 'Gate'],
  ['since', 'Since last report'],
  ['overview', 'Overview'],
  ['trend', 'Trend'],
  ['details', 'Details'],
];

function renderNav(sections: string[]): string {
  const present = NAV.filter(([id]) => sections.some((line) => line.startsWith(`<section id="${id}"`)));
  const links = present.map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`).join('');
  return `<nav aria-label="Report sections"><ul>${links}</ul></nav>`;
}
