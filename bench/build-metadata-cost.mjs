// What knowing each object's origin costs a cold run: the same batched Kustomize processes
// parity runs, timed the way parity renders them (Kustomize's `buildMetadata:` only for overlays
// whose chain renames objects, origins derived from the chain walk for the others), plainly
// without origins, and with build metadata for every overlay. Used by `npm run bench`; alone: `node bench/build-metadata-cost.mjs [N]`
// (needs `npm run build`), which also times a cold audit of the same synthetic repo. Besides wall
// time it counts CPU seconds (this process and the Kustomize processes it waited for, from
// /proc/self/stat on Linux): on a shared machine wall time mostly measures the neighbours.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pLimit from 'p-limit';
import { audit } from '../dist/audit/audit.js';
import { createBatchWorkspace, splitBySlot } from '../dist/render/batch-workspace.js';
import { deriveOrigins, needsBuildMetadata } from '../dist/render/derive-origins.js';
import { batchSizeFor } from '../dist/render/group-batches.js';
import { createRenderer, detectRendererInfo } from '../dist/render/index.js';
import { parseRenderedYaml } from '../dist/yaml/parse-rendered.js';
import { createPredictContext } from '../dist/render/predict-ids.js';
import { readChainWalk } from '../dist/chain/read-chain.js';
import { withOrigins } from '../dist/render/with-origins.js';
import { ENVS, writeSyntheticRepo } from './synthetic-repo.mjs';

/**
 * Seconds to render `overlayDirs` in parity's batch sizes three ways: plainly (no origins at
 * all), the way parity does (build metadata only for overlays whose chain renames objects,
 * origins derived from the chain walk for the others) and with build metadata for every
 * overlay. Each is the best of two rounds, alternating, so none profits from a warmer file cache.
 */
export async function measureBuildMetadataCost(repoDir, overlayDirs, rendererInfo, workers = availableParallelism()) {
  const renderer = createRenderer(rendererInfo);
  const walks = await Promise.all(overlayDirs.map((dir) => readChainWalk(dir, repoDir)));
  const walkOf = new Map(overlayDirs.map((dir, index) => [dir, walks[index]]));
  const needs = overlayDirs.filter((dir) => needsBuildMetadata(walkOf.get(dir)));
  const plans = {
    none: [{ dirs: overlayDirs, metadata: false }],
    asNeeded: [{ dirs: needs, metadata: true }, { dirs: overlayDirs.filter((dir) => !needs.includes(dir)), metadata: false, derive: true }],
    always: [{ dirs: overlayDirs, metadata: true }],
  };
  const round = (plan) =>
    measure(async () => {
      const context = { repoDir, walkOf, parsed: createPredictContext() };
      const limit = pLimit(workers);
      const batches = plan.flatMap((part) => batchesOf(part.dirs, workers).map((dirs) => ({ ...part, dirs })));
      await Promise.all(batches.map((batch) => limit(() => renderBatch(batch, renderer, context))));
    });
  const runs = { none: [], asNeeded: [], always: [] };
  for (let pass = 0; pass < 2; pass += 1) {
    for (const mode of Object.keys(plans)) runs[mode].push(await round(plans[mode]));
  }
  const best = (mode, key) => Math.min(...runs[mode].map((run) => run[key]));
  return {
    overlays: overlayDirs.length,
    traced: needs.length,
    withSeconds: best('asNeeded', 'seconds'),
    withCpu: best('asNeeded', 'cpu'),
    withoutSeconds: best('none', 'seconds'),
    withoutCpu: best('none', 'cpu'),
    alwaysSeconds: best('always', 'seconds'),
    alwaysCpu: best('always', 'cpu'),
  };
}

function batchesOf(dirs, workers) {
  const size = batchSizeFor(dirs.length, workers, 80);
  const batches = [];
  for (let i = 0; i < dirs.length; i += size) batches.push(dirs.slice(i, i + size));
  return batches;
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
    // Not Linux (no /proc): wall time only.
    children = 0;
  }
  return (own.user + own.system) / 1e6 + children;
}

async function renderBatch({ dirs, metadata, derive }, renderer, context) {
  if (dirs.length === 0) return;
  const workspace = await createBatchWorkspace(dirs, { buildMetadata: metadata });
  try {
    const split = splitBySlot(parseRenderedYaml(await renderer.render(workspace.dir), 'bench', workspace.dir), dirs.length);
    if (!split) throw new Error('a bench batch lost its slots');
    const walk = (slot) => context.walkOf.get(dirs[slot]);
    if (metadata) await Promise.all(split.map((resources, slot) => withOrigins(resources, walk(slot), workspace.dir, context.repoDir)));
    if (derive) {
      const origins = await Promise.all(split.map((resources, slot) => deriveOrigins(resources, walk(slot), context.repoDir, context.parsed)));
      if (origins.some((found) => found === null)) throw new Error('the chain walk could not tell a bench overlay\'s origins');
    }
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
  const always = (cost.alwaysSeconds - cost.withoutSeconds) / cold.seconds * 100;
  const head = `origins (${cost.traced} of ${cost.overlays} overlays asked Kustomize for build metadata, the rest derived from the chain walk) vs none`;
  const wall = `wall ${cost.withSeconds.toFixed(2)} s vs ${cost.withoutSeconds.toFixed(2)} s = +${extra.toFixed(2)} s, ${wallShare.toFixed(1)}% of cold (${cold.seconds.toFixed(2)} s)`;
  if (cold.cpu === undefined) return { line: `${head}: ${wall}; build metadata for every overlay: +${always.toFixed(1)}%`, met: wallShare <= 10 };
  const extraCpu = Math.max(0, cost.withCpu - cost.withoutCpu);
  const cpuShare = (extraCpu / cold.cpu) * 100;
  const alwaysCpu = ((cost.alwaysCpu - cost.withoutCpu) / cold.cpu) * 100;
  const cpu = `CPU ${cost.withCpu.toFixed(2)} s vs ${cost.withoutCpu.toFixed(2)} s = +${extraCpu.toFixed(2)} s, ${cpuShare.toFixed(1)}% of cold (${cold.cpu.toFixed(2)} s)`;
  return { line: `${head}: ${cpu}; ${wall}; build metadata for every overlay: CPU +${alwaysCpu.toFixed(1)}%`, met: cpuShare <= 10 };
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
