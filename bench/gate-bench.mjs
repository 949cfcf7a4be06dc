// `node bench/gate-bench.mjs [N]`: wall time of `parity gate` for one service of the sample repo
// (needs `npm run build`). Median of N real runs of the built CLI (default 5): cold, each with an
// empty render cache of its own; warm, all on one cache filled by a run before them.
// Targets: warm ≤ 1 s, cold ≤ 2.5 s. On Linux it also prints the median CPU time (user + system)
// of the runs, children included: unlike wall time, it barely moves when other jobs load the machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const TARGETS = { warm: 1, cold: 2.5 };
export const GATE_ARGS = ['gate', '--repo', join(root, 'fixtures/ecommerce-infra'), '--service', 'checkout-service', '--from', 'staging', '--to', 'production', '--format', 'json'];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** CPU seconds (user + system) of this process's waited-for children so far, from /proc; null elsewhere. */
function childrenCpu() {
  try {
    // Fields after the command name: cutime and cstime are the 14th and 15th, in clock ticks (100 per second).
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ').pop().split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

/** Wall and CPU seconds of one gate run on `cacheDir`; a gate that did not reach a verdict (exit 2) stops the bench. */
function gateOnce(cacheDir, extra) {
  const cpuBefore = childrenCpu();
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(root, 'bin/parity.js'), ...GATE_ARGS, ...extra], {
    encoding: 'utf8',
    env: { ...process.env, PARITY_CACHE_DIR: cacheDir },
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0 && result.status !== 1) throw new Error(`parity gate exited ${result.status}: ${result.stderr}`);
  const cpuAfter = childrenCpu();
  return { seconds, cpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore };
}

/** The median wall time and, when known, the median CPU time of some runs. */
function medians(runs) {
  const cpu = runs.map((run) => run.cpu);
  return { wall: median(runs.map((run) => run.seconds)), cpu: cpu.includes(null) ? null : median(cpu) };
}

/** Median cold and warm wall times (s) of `parity gate` over `runs` runs each. */
export function measureGate(runs = 5, extra = []) {
  const work = mkdtempSync(join(tmpdir(), 'parity-gate-bench-'));
  try {
    const cold = [];
    for (let i = 0; i < runs; i += 1) cold.push(gateOnce(join(work, `cold-${i}`), extra));
    const warmDir = join(work, 'warm');
    gateOnce(warmDir, extra);
    const warm = [];
    for (let i = 0; i < runs; i += 1) warm.push(gateOnce(warmDir, extra));
    const c = medians(cold);
    const w = medians(warm);
    return { runs, cold: c.wall, warm: w.wall, cpu: c.cpu === null ? null : { cold: c.cpu, warm: w.cpu } };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One line: the medians and whether each target is met. */
export function gateLine(measured) {
  const met = (seconds, target) => `≤ ${target} s ${seconds <= target ? 'met' : 'MISSED'}`;
  return (
    `parity gate, checkout-service staging → production on fixtures/ecommerce-infra (median of ${measured.runs}): ` +
    `cold ${measured.cold.toFixed(2)} s (${met(measured.cold, TARGETS.cold)}) · warm ${measured.warm.toFixed(2)} s (${met(measured.warm, TARGETS.warm)})` +
    (measured.cpu ? `; CPU cold ${measured.cpu.cold.toFixed(2)} s · warm ${measured.cpu.warm.toFixed(2)} s` : '')
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(gateLine(measureGate(Number(process.argv[2] ?? 5))));
}
