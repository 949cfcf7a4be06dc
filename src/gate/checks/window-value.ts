import type { RangeSeries } from './prometheus.js';

export interface WindowValue {
  /** Mean of every sample in the window; null without samples. */
  value: number | null;
  samples: number;
  /** Milliseconds from the first to the last sample, plus one step. */
  spanMs: number;
}

/** The mean of one series' samples (NaN and infinities left out). More than one series is a query problem. */
export function windowValue(series: RangeSeries[], stepSeconds: number): WindowValue | { several: number } {
  if (series.length > 1) return { several: series.length };
  const points = (series[0]?.values ?? [])
    .map(([time, text]) => [time, Number(text)] as const)
    .filter(([, value]) => Number.isFinite(value));
  if (points.length === 0) return { value: null, samples: 0, spanMs: 0 };
  const sum = points.reduce((total, [, value]) => total + value, 0);
  const spanMs = (points[points.length - 1]![0] - points[0]![0] + stepSeconds) * 1000;
  return { value: sum / points.length, samples: points.length, spanMs };
}

/**
 * How much worse `after` is than `before`, in percent (negative = better). From zero, any move
 * the wrong way is an infinite regression.
 */
export function regressionPercent(before: number, after: number, better: 'higher' | 'lower'): number {
  const worse = better === 'higher' ? before - after : after - before;
  if (before === 0) return worse > 0 ? Infinity : 0;
  return (worse / Math.abs(before)) * 100;
}
