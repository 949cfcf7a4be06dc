import type { HistoryPoint } from '../../types.js';
import { plural } from '../describe.js';
import { escapeHtml } from '../escape.js';
import { countsChart, pointsFor } from './svg-chart.js';

/** `--history`: blocking, warning and allowed counts over time, overall and per service. */
export function renderTrend(history: HistoryPoint[] | undefined): string[] {
  if (!history?.length) return [];
  const services = [...new Set(history.flatMap((point) => Object.keys(point.services)))].sort(byRisk(history));
  const rows = services.map((service) => {
    const latest = history[history.length - 1]!.services[service];
    const tally = latest ? `${latest.blocking} blocking · ${latest.warnings} warn · ${latest.allowed} allowed` : 'not in the latest report';
    return `<tr data-service="${escapeHtml(service)}"><th scope="row">${escapeHtml(service)}</th><td data-label="Trend">${countsChart(pointsFor(history, service), { width: 160, height: 32, labelled: false }, service)}</td><td data-label="Latest">${escapeHtml(tally)}</td></tr>`;
  });
  return [
    '<section id="trend" aria-labelledby="trend-title">',
    '<h2 id="trend-title">Trend</h2>',
    `<p>${escapeHtml(plural(history.length, 'report'))} from ${escapeHtml(history[0]!.time.slice(0, 10))} to ${escapeHtml(history[history.length - 1]!.time.slice(0, 10))}.</p>`,
    `<figure class="overall">${countsChart(pointsFor(history), { width: 640, height: 200, labelled: true }, 'All services')}<figcaption>All services: blocking (solid), warnings (dashed), allowed (dotted) differences per report.</figcaption></figure>`,
    `<details class="per-service"><summary>Per service (${services.length})</summary>`,
    '<table class="trend"><thead><tr><th scope="col">Service</th><th scope="col">Trend</th><th scope="col">Latest</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
    '</details>',
    '</section>',
  ];
}

/** Services with blocking findings in the latest report first, then by name. */
function byRisk(history: HistoryPoint[]): (a: string, b: string) => number {
  const latest = history[history.length - 1]!.services;
  return (a, b) => (latest[b]?.blocking ?? 0) - (latest[a]?.blocking ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
}
