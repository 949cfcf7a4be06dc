import type { AuditResult, Finding } from '../../types.js';
import { describeResource } from '../describe.js';
import { escapeHtml } from '../escape.js';
import { pairLabel, sortFindings } from '../order-findings.js';
import { findingAnchor } from './anchors.js';
import { withoutLocalPaths } from './local-paths.js';
import type { HtmlOptions } from './options.js';

/** `--baseline`: what is new and what was fixed since the earlier result, first on the page. */
export function renderSince(result: AuditResult, options: HtmlOptions): string[] {
  const baseline = result.baseline;
  if (!baseline) return [];
  const fresh = sortFindings(result).filter((finding) => finding.status === 'new');
  const { counts } = baseline;
  const from = [baseline.commit ? `commit ${baseline.commit.slice(0, 12)}` : null, baseline.time].filter(Boolean).join(', ');
  return [
    '<section id="since" aria-labelledby="since-title">',
    `<h2 id="since-title">Since last report</h2>`,
    `<p class="since-counts"><span class="new">${counts.new} new</span> (${counts.newBlocking} blocking) · <span class="resolved">${counts.resolved} resolved</span> · ${counts.unchanged} unchanged — compared with <code>${escapeHtml(withoutLocalPaths(baseline.file, options.localPaths))}</code>${from ? ` (${escapeHtml(from)})` : ''}</p>`,
    ...changeTable('New findings', fresh, 'new'),
    ...changeTable('Resolved findings', sortFindings({ ...result, findings: baseline.resolved }), 'resolved'),
    '</section>',
  ];
}

function changeTable(title: string, findings: Finding[], mark: 'new' | 'resolved'): string[] {
  if (findings.length === 0) return [];
  const rows = findings.map((finding) => {
    const outcome = finding.blocking ? 'blocking' : finding.allowed ? 'allowed' : 'warning';
    const code = mark === 'new' ? `<a href="#${findingAnchor(finding.id)}">${escapeHtml(finding.code)}</a>` : escapeHtml(finding.code);
    const cells = [
      ['Change', `<span class="${mark}">${mark === 'new' ? '+ new' : '✓ resolved'}</span>`],
      ['Was', outcome],
      ['Service', escapeHtml(finding.service)],
      ['Pair', escapeHtml(pairLabel(finding.envs))],
      ['Code', code],
      ['Resource', escapeHtml(describeResource(finding.resource))],
      ['Path', `<code>${escapeHtml(finding.path ?? '—')}</code>`],
    ];
    if (mark === 'new') cells[1] = ['Outcome', outcome];
    return `<tr class="${mark} ${outcome}" data-finding="${escapeHtml(finding.id)}" data-change="${mark}">${cells.map(([label, html]) => `<td data-label="${label}">${html}</td>`).join('')}</tr>`;
  });
  const header = ['Change', mark === 'new' ? 'Outcome' : 'Was', 'Service', 'Pair', 'Code', 'Resource', 'Path'];
  return [
    `<h3>${escapeHtml(title)} (${findings.length})</h3>`,
    `<table class="findings changes ${mark}"><thead><tr>${header.map((cell) => `<th scope="col">${cell}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`,
  ];
}
