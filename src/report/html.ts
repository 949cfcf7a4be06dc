import type { AuditResult, Finding } from '../types.js';
import {
  describeAllowance,
  describeErrorFile,
  describeErrorScope,
  describeResource,
  describeSource,
  describeValue,
  describeWhere,
  plural,
} from './describe.js';
import { escapeHtml } from './escape.js';
import { checkTable } from './gate-checks.js';
import { gateTagText } from './gate-tag.js';
import { groupFindings, pairLabel, type FindingGroup } from './order-findings.js';
import { summarizeVerdict } from './verdict.js';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem;padding:.6rem 1rem;border-radius:6px}
h1.pass{background:#dafbe1}h1.fail{background:#ffebe9}
section.errors{border:2px solid #cf222e;border-radius:6px;padding:.5rem 1rem;background:#fff5f5}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top;word-break:break-word}
th{background:#f6f8fa}
code,td.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
.blocking{color:#cf222e}.warning{color:#9a6700}.allowed{color:#1a7f37}
details{margin:.5rem 0 1rem}summary{cursor:pointer}
footer{color:#656d76;margin-top:2rem;font-size:12px}
`;

/**
 * A self-contained HTML page for scheduled parity reports: inline CSS, no scripts, a
 * Content-Security-Policy that forbids loading anything. Every piece of result text is
 * HTML-escaped.
 */
export function formatHtml(result: AuditResult): string {
  const verdict = summarizeVerdict(result);
  const title = escapeHtml(verdict.headline);
  const body = [
    `<h1 class="${verdict.passed ? 'pass' : 'fail'}">${verdict.passed ? '✅' : '❌'} ${title}</h1>`,
    ...renderErrors(result),
    ...renderGate(result, verdict.passed),
    renderStats(result, verdict.counts),
    ...renderServices(groupFindings(result)),
    `<footer>parity ${escapeHtml(result.tool.version)} · JSON result schema ${result.schemaVersion}</footer>`,
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderErrors(result: AuditResult): string[] {
  if (result.errors.length === 0) return [];
  const items = result.errors.map((error) => {
    const file = describeErrorFile(error);
    const where = file ? ` <code>${escapeHtml(file)}</code>` : '';
    return `<li><strong>${escapeHtml(describeErrorScope(error))}</strong>${where}<pre>${escapeHtml(error.message)}</pre></li>`;
  });
  return [
    '<section class="errors" role="alert">',
    `<h2>${escapeHtml(plural(result.errors.length, 'error'))}: parity fails closed until these are fixed</h2>`,
    `<ul>${items.join('\n')}</ul>`,
    '</section>',
  ];
}

function renderGate(result: AuditResult, open: boolean): string[] {
  const gate = result.gate;
  if (!gate) return [];
  const tag = gate.tag ? `, tag <code>${escapeHtml(gateTagText(gate))}</code>` : '';
  const reasons = gate.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('');
  return [
    `<p><strong>Gate ${escapeHtml(`${gate.service} ${pairLabel([gate.from, gate.to])}`)}</strong>${tag}: <strong class="${open ? 'allowed' : 'blocking'}">${open ? 'open' : 'closed'}</strong></p>`,
    ...(reasons ? [`<ul>${reasons}</ul>`] : []),
    ...renderCheckTable(gate),
  ];
}

function renderCheckTable(gate: NonNullable<AuditResult['gate']>): string[] {
  const table = checkTable(gate);
  if (!table) return [];
  const cells = (tag: string, values: string[]) => values.map((value) => `<${tag}>${escapeHtml(value)}</${tag}>`).join('');
  const rows = table.rows.map((row) => `<tr>${cells('td', row)}</tr>`).join('');
  return [`<table class="checks"><thead><tr>${cells('th', table.header)}</tr></thead><tbody>${rows}</tbody></table>`];
}

function renderStats(result: AuditResult, counts: { blocking: number; warnings: number; allowed: number }): string {
  const renderer = result.renderer ? ` · rendered with ${result.renderer.name} ${result.renderer.version}` : '';
  const stats = `${plural(result.summary.services, 'service')} · ${plural(result.summary.renders, 'render')} · ${counts.blocking} blocking · ${plural(counts.warnings, 'warning')} · ${counts.allowed} allowed${renderer}`;
  return `<p>${escapeHtml(stats)}</p>`;
}

function renderServices(groups: FindingGroup[]): string[] {
  const services = [...new Set(groups.map((group) => group.service))];
  return services.flatMap((service) => [
    '<section class="service">',
    `<h2>${escapeHtml(service || '(all services)')}</h2>`,
    ...groups.filter((group) => group.service === service).flatMap(renderGroup),
    '</section>',
  ]);
}

function renderGroup(group: FindingGroup): string[] {
  const lines = [`<h3>${escapeHtml(pairLabel(group.envs))}</h3>`];
  if (group.blocking.length > 0) {
    lines.push(`<p class="blocking">${escapeHtml(plural(group.blocking.length, 'blocking difference'))}</p>`);
    lines.push(findingTable(group.envs, group.blocking, false));
  }
  if (group.warnings.length > 0) {
    lines.push(`<p class="warning">${escapeHtml(plural(group.warnings.length, 'warning'))}</p>`);
    lines.push(findingTable(group.envs, group.warnings, false));
  }
  if (group.allowed.length > 0) {
    lines.push(
      `<details><summary class="allowed">${escapeHtml(plural(group.allowed.length, 'allowed difference'))}</summary>`,
      findingTable(group.envs, group.allowed, true),
      '</details>',
    );
  }
  return lines;
}

function findingTable(envs: string[], findings: Finding[], allowed: boolean): string {
  const extra = allowed ? ['Allowed by', 'Reason'] : ['Message'];
  const header = ['Code', 'Resource', 'Path', ...envs, 'Source', ...extra];
  const rows = findings.map((finding) => {
    const cells = [
      finding.code,
      describeResource(finding.resource),
      describeWhere(finding),
      ...envs.map((env) => describeValue(finding.values, env)),
      describeSource(finding.source),
      ...(allowed && finding.allowed ? [describeAllowance(finding.allowed), finding.allowed.reason] : [finding.message]),
    ];
    return `<tr>${cells.map((cell, index) => `<td${index === 2 ? ' class="mono"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`;
  });
  return `<table>\n<thead><tr>${header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}
