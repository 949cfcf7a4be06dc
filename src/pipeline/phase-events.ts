import { performance } from 'node:perf_hooks';

/** Runs `work` and hands its result and duration (ms) to `report`. */
export async function timed<T>(work: () => Promise<T>, report: (value: T, ms: number) => void): Promise<T> {
  const started = performance.now();
  const value = await work();
  report(value, performance.now() - started);
  return value;
}
