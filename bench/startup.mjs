// `node bench/startup.mjs [N]`: start-up time of the built CLI (needs `npm run build`).
// Spawns `parity --version` and `parity --help` N times each (default 20) and prints the medians,
// next to a bare `node -e 0` for the floor of this machine. Target: ≤ 0.25 s.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const bin = resolve(fileURLToPath(import.meta.url), '../../bin/parity.js');
const TARGET_SECONDS = 0.25;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median wall time (s) of `node ...args`, run `runs` times. */
export function medianStartup(args, runs = 20) {
  const seconds = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
    seconds.push((performance.now() - started) / 1000);
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return median(seconds);
}

/** One line: the medians of `--version`, `--help` and bare node, and whether the target is met. */
export function startupLine(runs = 20) {
  const version = medianStartup([bin, '--version'], runs);
  const help = medianStartup([bin, '--help'], runs);
  const floor = medianStartup(['-e', '0'], runs);
  const met = Math.max(version, help) <= TARGET_SECONDS;
  return `start-up (median of ${runs}): --version ${version.toFixed(3)} s · --help ${help.toFixed(3)} s · bare node ${floor.toFixed(3)} s · ≤ ${TARGET_SECONDS} s ${met ? 'met' : 'MISSED'}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(startupLine(Number(process.argv[2] ?? 20)));
}
