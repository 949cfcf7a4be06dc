// `npm run bench [-- N]`: parity against one Kustomize process per overlay, on one renderer,
// then start-up and `parity gate` on the sample repo (see startup.mjs, gate-bench.mjs).
// Needs `npm run build` first (imports dist/). N services × 3 environments (default 200).
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { detectRendererInfo } from '../dist/render/index.js';
import { planAudit, renderAll, compareRendered } from '../dist/audit/audit.js';
import { ENVS, driftedServices, writeSyntheticRepo } from './synthetic-repo.mjs';
import { formatBuildMetadataCost, measureBuildMetadataCost } from './build-metadata-cost.mjs';
import { startupLine } from './startup.mjs';
import { gateLine, measureGate } from './gate-bench.mjs';
import { helmLines, measureHelm } from './helm-bench.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const count = Number(process.argv[2] ?? process.env.PARITY_BENCH_SERVICES ?? 200);
const work = mkdtempSync(join(tmpdir(), 'parity-bench-'));
const repoDir = join(work, 'repo');
const cacheDir = join(work, 'cache');

const services = await writeSyntheticRepo(repoDir, count);
const renderer = await detectRendererInfo();
const overlays = services.flatMap((service) => ENVS.map((env) => join(repoDir, 'apps', service, 'overlays', env)));
console.log(`parity bench: ${count} services × ${ENVS.length} environments = ${overlays.length} overlays`);
console.log(`renderer: ${renderer.name} ${renderer.version} (${renderer.path}); ${(await import('node:os')).availableParallelism()} cores`);

function time(run) {
  const started = performance.now();
  const value = run();
  return { seconds: (performance.now() - started) / 1000, value };
}

function renderAlone(dir) {
  const args = renderer.name === 'kubectl' ? ['kustomize', dir] : ['build', dir];
  const result = spawnSync(renderer.path, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`baseline render failed for ${dir}: ${result.stderr}`);
}

function runParity(label) {
  const rssFile = join(work, `${label}.rss`);
  const { seconds, value } = time(() =>
    spawnSync(process.execPath, ['--import', join(root, 'bench/rss-probe.mjs'), join(root, 'bin/parity.js'), 'audit',
      '--repo', repoDir, '--format', 'json', '--kustomize', renderer.path], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, PARITY_CACHE_DIR: cacheDir, PARITY_BENCH_RSS_FILE: rssFile },
    }),
  );
  if (value.status !== 0 && value.status !== 1) throw new Error(`parity ${label} failed (${value.status}): ${value.stderr}`);
  return { seconds, rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024, result: JSON.parse(value.stdout) };
}

const baseline = time(() => overlays.forEach(renderAlone)).seconds;
const cold = runParity('cold');
await new Promise((done) => setTimeout(done, 2_500)); // past the cache's racy-stat window
const warm = runParity('warm');
appendFileSync(join(repoDir, 'apps', services[0], 'overlays', 'production', 'patch-env.yaml'), '          cpu: "1"\n');
const changed = runParity('changed');

// Diff + policy share: compare and classify every service again from the cached renders.
const plan = await planAudit({ repoDir, kustomize: renderer.path });
const outcome = await renderAll(plan.services.flatMap((s) => s.envs.map((env) => s.overlays[env])), plan.renderer, { repoDir, cacheDir });
const started = performance.now();
await compareRendered(plan, { rendered: outcome.rendered, errors: outcome.errors }, { repoDir });
const compareSeconds = (performance.now() - started) / 1000;
// The cold run is a child process here: its wall time is the reference (CPU is not collected).
const metadata = formatBuildMetadataCost(await measureBuildMetadataCost(repoDir, overlays, renderer), { seconds: cold.seconds });

const row = (label, seconds, extra = '') =>
  console.log(`${label.padEnd(34)} ${seconds.toFixed(2).padStart(8)} s   ${(seconds / baseline).toFixed(3).padStart(6)}× baseline${extra}`);
console.log('');
row('naive baseline (1 process/overlay)', baseline);
row('parity cold (empty cache)', cold.seconds, `   peak RSS ${cold.rssMiB.toFixed(0)} MiB`);
row('parity warm (nothing changed)', warm.seconds, `   peak RSS ${warm.rssMiB.toFixed(0)} MiB`);
row('parity, one service changed', changed.seconds, `   peak RSS ${changed.rssMiB.toFixed(0)} MiB`);
console.log(`diff + policy (normalize, match, diff, rules, sources, classify; all services): ${compareSeconds.toFixed(2)} s = ${((compareSeconds / cold.seconds) * 100).toFixed(0)}% of cold`);
console.log(metadata.line);
console.log(startupLine());
console.log(gateLine(measureGate(5, ['--kustomize', renderer.path])));
// Helm: PARITY_BENCH_HELM_SERVICES charts × 3 environments (default 100) on the project's helm.
const helmRun = await measureHelm(Number(process.env.PARITY_BENCH_HELM_SERVICES ?? 100), process.env.PARITY_HELM ?? join(root, '.tools', 'helm', 'helm'));
console.log('');
console.log(helmLines(helmRun).join('\n'));

const blocking = (result) => [...new Set(result.findings.filter((f) => f.blocking).map((f) => f.service))].sort();
const expected = driftedServices(count);
const checks = [cold, warm, changed].map((run) => JSON.stringify(blocking(run.result)) === JSON.stringify(expected) && run.result.errors.length === 0);
console.log(`blocking findings name exactly the ${expected.length} drifted services: ${checks.every(Boolean) ? 'yes' : 'NO'}`);
const peak = Math.max(cold.rssMiB, warm.rssMiB, changed.rssMiB);
const targets = [
  ['cold ≤ 0.15×', cold.seconds / baseline <= 0.15],
  ['warm ≤ 0.02×', warm.seconds / baseline <= 0.02],
  ['one changed ≤ 0.03×', changed.seconds / baseline <= 0.03],
  ['peak RSS ≤ 400 MiB', peak <= 400],
  ['build metadata ≤ 10% of cold', metadata.met],
];
console.log(`targets: ${targets.map(([label, ok]) => `${label} ${ok ? 'met' : 'MISSED'}`).join(' · ')}`);
rmSync(work, { recursive: true, force: true });
process.exitCode = checks.every(Boolean) && helmRun.correct ? 0 : 1;
