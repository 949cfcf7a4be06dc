import { performance } from 'node:perf_hooks';
import type { RendererInfo } from '../types.js';

/**
 * What a run did, phase by phase, for `--verbose`: plain data, worded in src/report/verbose.ts.
 * Names and paths only — never a rendered value.
 */
export type PhaseEvent =
  | { phase: 'discover'; ms: number; config: string | null; services: string[]; overlays: number; policyFiles: string[]; renderer: RendererInfo }
  /** `cachedRenders`: overlays served by the render cache; null when the cache is off. */
  | { phase: 'render'; ms: number; overlays: number; errors: number; cachedRenders: number | null }
  /** `cachedServices`: services whose comparison came from the cache; null when the cache is off. */
  | { phase: 'compare'; ms: number; services: number; findings: number; cachedServices: number | null };

export type OnPhase = (event: PhaseEvent) => void;

/** Runs `work` and hands its result and duration (ms) to `report`. */
export async function timed<T>(work: () => Promise<T>, report: (value: T, ms: number) => void): Promise<T> {
  const started = performance.now();
  const value = await work();
  report(value, performance.now() - started);
  return value;
}
