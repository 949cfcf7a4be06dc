import type { HistoryPoint, OutcomeCounts } from '../../types.js';
import { escapeHtml } from '../escape.js';

const SERIES: Array<{ key: keyof OutcomeCounts; label: string; dash: string }> = [
  { key: 'blocking', label: 'blocking', dash: '' },
  { key: 'warnings', label: 'warnings', dash: '6 4' },
  { key: 'allowed', label: 'allowed', dash: '2 3' },
];

export interface ChartSize {
  width: number;
  height: number;
  /** Axis labels and a legend (the big chart) or a bare sparkline. */
  labelled: boolean;
}

/**
 * Counts over time as inline SVG: one line per outcome, told apart by colour and by dash
 * pattern, x by time (or by position when all runs share a time). Reads without scripts.
 */
export function countsChart(points: Array<{ time: string; counts: OutcomeCounts }>, size: ChartSize, title: string): string {
  const pad = size.labelled ? { left: 36, right: 12, top: 12, bottom: 34 } : { left: 2, right: 2, top: 2, bottom: 2 };
  const max = Math.max(1, ...points.flatMap((point) => SERIES.map((series) => point.counts[series.key])));
  const x = xScale(points.map((point) => Date.parse(point.time)), pad.left, size.width - pad.right);
  const y = (value: number) => size.height - pad.bottom - (value / max) * (size.height - pad.top - pad.bottom);
  const lines = SERIES.map((series) => {
    const coords = points.map((point, index) => `${x(index).toFixed(1)},${y(point.counts[series.key]).toFixed(1)}`).join(' ');
    const dash = series.dash ? ` stroke-dasharray="${series.dash}"` : '';
    return points.length === 1
      ? `<circle class="s-${series.key}" cx="${x(0).toFixed(1)}" cy="${y(points[0]!.counts[series.key]).toFixed(1)}" r="3"/>`
      : `<polyline class="s-${series.key}" fill="none" stroke-width="2"${dash} points="${coords}"/>`;
  });
  const last = points[points.length - 1]?.counts;
  const summary = last ? `${title}: ${points.length} reports; latest ${last.blocking} blocking, ${last.warnings} warnings, ${last.allowed} allowed` : title;
  const axes = size.labelled ? axisLabels(points, size, pad, max) : [];
  return [
    `<svg class="chart" viewBox="0 0 ${size.width} ${size.height}" width="${size.width}" height="${size.height}" role="img" aria-label="${escapeHtml(summary)}">`,
    `<title>${escapeHtml(summary)}</title>`,
    ...axes,
    ...lines,
    '</svg>',
  ].join('');
}

function xScale(times: number[], from: number, to: number): (index: number) => number {
  const first = Math.min(...times);
  const span = Math.max(...times) - first;
  const byTime = span > 0 && times.every(Number.isFinite);
  return (index) => {
    if (times.length === 1) return (from + to) / 2;
    const share = byTime ? (times[index]! - first) / span : index / (times.length - 1);
    return from + share * (to - from);
  };
}

function axisLabels(points: Array<{ time: string }>, size: ChartSize, pad: { left: number; right: number; top: number; bottom: number }, max: number): string[] {
  const base = size.height - pad.bottom;
  const date = (time: string) => escapeHtml(time.slice(0, 10));
  return [
    `<line class="axis" x1="${pad.left}" y1="${base}" x2="${size.width - pad.right}" y2="${base}"/>`,
    `<line class="axis" x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${base}"/>`,
    `<text x="${pad.left - 4}" y="${pad.top + 8}" text-anchor="end">${max}</text>`,
    `<text x="${pad.left - 4}" y="${base}" text-anchor="end">0</text>`,
    `<text x="${pad.left}" y="${size.height - 18}">${date(points[0]?.time ?? '')}</text>`,
    `<text x="${size.width - pad.right}" y="${size.height - 18}" text-anchor="end">${date(points[points.length - 1]?.time ?? '')}</text>`,
    ...SERIES.map((series, index) => {
      const left = pad.left + index * 110;
      const dash = series.dash ? ` stroke-dasharray="${series.dash}"` : '';
      return `<line class="s-${series.key}" x1="${left}" y1="${size.height - 5}" x2="${left + 22}" y2="${size.height - 5}" stroke-width="2"${dash}/><text x="${left + 26}" y="${size.height - 1}">${series.label}</text>`;
    }),
  ];
}

export function pointsFor(history: HistoryPoint[], service?: string): Array<{ time: string; counts: OutcomeCounts }> {
  return history.map((point) => ({
    time: point.time,
    counts: service === undefined ? point.overall : (point.services[service] ?? { blocking: 0, warnings: 0, allowed: 0 }),
  }));
}
