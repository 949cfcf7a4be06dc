// `node bench/gate-bench.mjs [N]`: wall time of `parity gate` for one service of the sample repo
// (needs `npm run build`). Median of N real runs of the built CLI (default 5): cold, each with an
// empty render cache of its own; warm, all on one cache filled by a run before them.
// Targets: warm ≤ 1 s, cold ≤ 2.5 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

/** Wall seconds of one gate run on `cacheDir`; a gate that did not reach a verdict (exit 2) stops the bench. */
function gateOnce(cacheDir, extra) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(root, 'bin/parity.js'), ...GATE_ARGS, ...extra], {
    encoding: 'utf8',
    env: { ...process.env, PARITY_CACHE_DIR: cacheDir },
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0 && result.status !== 1) throw new Error(`parity gate exited ${result.status}: ${result.stderr}`);
  return seconds;
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
    return { runs, cold: median(cold), warm: median(warm) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One line: the medians and whether each target is met. */
export function gateLine(measured) {
  const met = (seconds, target) => `≤ ${target} s ${seconds <= target ? 'met' : 'MISSED'}`;
  return (
    `parity gate, checkout-service staging → production on fixtures/ecommerce-infra (median of ${measured.runs}): ` +
    `cold ${measured.cold.toFixed(2)} s (${met(measured.cold, TARGETS.cold)}) · warm ${measured.warm.toFixed(2)} s (${met(measured.warm, TARGETS.warm)})`
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(gateLine(measureGate(Number(process.argv[2] ?? 5))));
}
