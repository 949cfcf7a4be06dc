import type { AuditResult, ResultError } from '../../types.js';
import { describeErrorFile, describeErrorScope, plural } from '../describe.js';
import { escapeHtml } from '../escape.js';
import { checkTable } from '../gate-checks.js';
import { gateTagText } from '../gate-tag.js';
import { pairLabel } from '../order-findings.js';
import { withoutLocalPaths } from './local-paths.js';
import type { HtmlOptions } from './options.js';

/** Every error of the run: each one closes the gate (parity fails closed). */
export function renderErrors(result: AuditResult, options: HtmlOptions): string[] {
  if (result.errors.length === 0) return [];
  return [
    '<section id="errors" class="errors" aria-labelledby="errors-title">',
    `<h2 id="errors-title">${escapeHtml(plural(result.errors.length, 'error'))}: parity fails closed until these are fixed</h2>`,
    ...result.errors.map((error) => errorBox(error, options)),
    '</section>',
  ];
}

/** One error in a box its text wraps inside, without the machine's absolute paths. */
export function errorBox(error: ResultError, options: HtmlOptions): string {
  const file = describeErrorFile(error);
  const where = file ? ` <code>${escapeHtml(withoutLocalPaths(file, options.localPaths))}</code>` : '';
  const message = escapeHtml(withoutLocalPaths(error.message, options.localPaths));
  return `<div class="error-box"><p><strong>${escapeHtml(describeErrorScope(error))}</strong>${where}</p><pre>${message}</pre></div>`;
}

export function renderGate(result: AuditResult, open: boolean): string[] {
  const gate = result.gate;
  if (!gate) return [];
  const tag = gate.tag ? `, tag <code>${escapeHtml(gateTagText(gate))}</code>` : '';
  const reasons = gate.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('');
  const table = checkTable(gate);
  const cells = (tag: string, values: string[]) => values.map((value) => `<${tag}>${escapeHtml(value)}</${tag}>`).join('');
  return [
    '<section id="gate" aria-labelledby="gate-title">',
    `<h2 id="gate-title">Gate ${escapeHtml(`${gate.service} ${pairLabel([gate.from, gate.to])}`)}${tag}: <span class="${open ? 'ok' : 'bad'}">${open ? 'open' : 'closed'}</span></h2>`,
    ...(reasons ? [`<ul>${reasons}</ul>`] : []),
    ...(table ? [`<table class="checks"><thead><tr>${cells('th', table.header)}</tr></thead><tbody>${table.rows.map((row) => `<tr>${cells('td', row)}</tr>`).join('')}</tbody></table>`] : []),
    ...(table?.notes.map((note) => `<p class="check-note">${escapeHtml(note)}</p>`) ?? []),
    '</section>',
  ];
}
