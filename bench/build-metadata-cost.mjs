// What Kustomize's build metadata costs a cold run: the same batched Kustomize processes parity
// runs, timed with the wrapper's `buildMetadata:` (plus taking the annotations off and reading
// origins) and without it. Used by `npm run bench`; alone: `node bench/build-metadata-cost.mjs [N]`
// (needs `npm run build`), which also times a cold audit of the same synthetic repo. Besides wall
// time it counts CPU seconds (this process and the Kustomize processes it waited for, from
// /proc/self/stat on Linux): on a shared machine wall time mostly measures the neighbours.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pLimit from 'p-limit';
import { audit } from '../dist/audit/audit.js';
import { createBatchWorkspace, splitBySlot } from '../dist/render/batch-workspace.js';
import { BUILD_METADATA } from '../dist/render/build-metadata.js';
import { batchSizeFor } from '../dist/render/group-batches.js';
import { createRenderer, detectRendererInfo } from '../dist/render/index.js';
import { parseRenderedYaml } from '../dist/render/parse-rendered.js';
import { readChainWalk } from '../dist/render/read-chain.js';
import { withOrigins } from '../dist/render/with-origins.js';
import { ENVS, writeSyntheticRepo } from './synthetic-repo.mjs';

/**
 * Seconds to render `overlayDirs` in parity's batch sizes, with and without build metadata
 * (each the best of two rounds, alternating, so neither profits from a warmer file cache).
 */
export async function measureBuildMetadataCost(repoDir, overlayDirs, rendererInfo, workers = availableParallelism()) {
  const renderer = createRenderer(rendererInfo);
  const size = batchSizeFor(overlayDirs.length, workers, 80);
  const batches = [];
  for (let i = 0; i < overlayDirs.length; i += size) batches.push(overlayDirs.slice(i, i + size));
  const walks = await Promise.all(overlayDirs.map((dir) => readChainWalk(dir, repoDir)));
  const walkOf = new Map(overlayDirs.map((dir, index) => [dir, walks[index]]));
  const round = (metadata) =>
    measure(async () => {
      const limit = pLimit(workers);
      await Promise.all(batches.map((batch) => limit(() => renderBatch(batch, renderer, metadata, { repoDir, walkOf }))));
    });
  const without = [await round(false)];
  const withMetadata = [await round(true)];
  without.push(await round(false));
  withMetadata.push(await round(true));
  const best = (runs, key) => Math.min(...runs.map((run) => run[key]));
  return {
    withSeconds: best(withMetadata, 'seconds'),
    withoutSeconds: best(without, 'seconds'),
    withCpu: best(withMetadata, 'cpu'),
    withoutCpu: best(without, 'cpu'),
  };
}

/** Wall seconds and CPU seconds (this process plus the children it waited for) of one async run. */
export async function measure(run) {
  const started = { wall: performance.now(), cpu: cpuSeconds() };
  await run();
  return { seconds: (performance.now() - started.wall) / 1000, cpu: cpuSeconds() - started.cpu };
}

function cpuSeconds() {
  const own = process.cpuUsage();
  let children = 0;
  try {
    // Fields 16 and 17 of /proc/self/stat (after the parenthesised name): cutime, cstime in clock ticks.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    children = (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    children = 0;
  }
  return (own.user + own.system) / 1e6 + children;
}

async function renderBatch(dirs, renderer, metadata, context) {
  const workspace = await createBatchWorkspace(dirs);
  try {
    const root = join(workspace.dir, 'kustomization.yaml');
    if (!metadata) writeFileSync(root, readFileSync(root, 'utf8').replace(BUILD_METADATA, ''));
    const split = splitBySlot(parseRenderedYaml(await renderer.render(workspace.dir), 'bench', workspace.dir), dirs.length);
    if (!split) throw new Error('a bench batch lost its slots');
    if (metadata) await Promise.all(split.map((resources, slot) => withOrigins(resources, context.walkOf.get(dirs[slot]), workspace.dir, context.repoDir)));
  } finally {
    await workspace.remove();
  }
}

/**
 * The figure `npm run bench` prints: the extra wall time against the cold run's, and (when the
 * cold run's CPU seconds are known) the extra CPU against its CPU, which decides the target.
 */
export function formatBuildMetadataCost(cost, cold) {
  const extra = Math.max(0, cost.withSeconds - cost.withoutSeconds);
  const wallShare = (extra / cold.seconds) * 100;
  const wall = `wall ${cost.withSeconds.toFixed(2)} s vs ${cost.withoutSeconds.toFixed(2)} s = +${extra.toFixed(2)} s, ${wallShare.toFixed(1)}% of cold (${cold.seconds.toFixed(2)} s)`;
  if (cold.cpu === undefined) return { line: `build metadata (cold renders with vs without): ${wall}`, met: wallShare <= 10 };
  const extraCpu = Math.max(0, cost.withCpu - cost.withoutCpu);
  const cpuShare = (extraCpu / cold.cpu) * 100;
  const cpu = `CPU ${cost.withCpu.toFixed(2)} s vs ${cost.withoutCpu.toFixed(2)} s = +${extraCpu.toFixed(2)} s, ${cpuShare.toFixed(1)}% of cold (${cold.cpu.toFixed(2)} s)`;
  return { line: `build metadata (cold renders with vs without): ${cpu}; ${wall}`, met: cpuShare <= 10 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = Number(process.argv[2] ?? 20);
  const work = mkdtempSync(join(tmpdir(), 'parity-bench-metadata-'));
  try {
    const repoDir = join(work, 'repo');
    const services = await writeSyntheticRepo(repoDir, count);
    const overlayDirs = services.flatMap((service) => ENVS.map((env) => join(repoDir, 'apps', service, 'overlays', env)));
    const rendererInfo = await detectRendererInfo();
    let result;
    const cold = await measure(async () => {
      result = await audit({ repoDir, noCache: true });
    });
    if (result.errors.length > 0) throw new Error(`cold audit failed: ${result.errors[0].message}`);
    const cost = await measureBuildMetadataCost(repoDir, overlayDirs, rendererInfo);
    console.log(`${count} services × ${ENVS.length} environments, ${rendererInfo.name} ${rendererInfo.version}`);
    const { line, met } = formatBuildMetadataCost(cost, cold);
    console.log(`${line}; target ≤ 10% ${met ? 'met' : 'MISSED'}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
