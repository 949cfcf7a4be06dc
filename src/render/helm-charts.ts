import { stat } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { RenderError } from '../errors.js';
import { lineAt } from '../chain/kustomization-file.js';
import { objects, strings } from '../chain/kustomization-refs.js';
import { isRemoteRef } from '../chain/remote-ref.js';
import type { ChainNode, ChainWalk } from '../chain/walk-chain.js';

/** One `helmCharts:` entry that Kustomize would fetch over the network, and where it is declared. */
export interface RemoteChart {
  name: string;
  repo: string;
  version: string | null;
  /** What is remote: the chart itself (not vendored under the chart home) or a values file URL. */
  what: 'chart' | 'valuesFile';
  url?: string;
  /** Where the vendored chart was looked for, beside the kustomization's display path. */
  expected: string;
  file: string;
  line: number;
}

/** Whether any kustomization of the chain inflates Helm charts (then Kustomize needs `--enable-helm`). */
export function usesHelmCharts(walk: ChainWalk): boolean {
  return walk.nodes.some((node) => objects(node.kustomization.data.helmCharts).length > 0);
}

/**
 * The directory Kustomize reads a chart from. Since Kustomize v5.0.2 a chart with both `repo`
 * and `version` lives in `<chartHome>/<name>-<version>/<name>` (one directory per version);
 * every other chart, and every chart under older Kustomize, in `<chartHome>/<name>`.
 */
export function chartDirOf(chart: { name: string; repo?: string; version?: string }, chartHome: string, kustomizeVersion: string): string {
  if (chart.repo && chart.version && versionedChartDirs(kustomizeVersion)) {
    return join(chartHome, `${chart.name}-${chart.version}`, chart.name);
  }
  return join(chartHome, chart.name);
}

/** Kustomize v5.0.2 and later keep pulled charts per version. An unreadable version counts as recent. */
export function versionedChartDirs(kustomizeVersion: string): boolean {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(kustomizeVersion.trim());
  if (!match) return true;
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (major !== 5) return major > 5;
  return minor > 0 || patch >= 2;
}

/**
 * The first chart entry of the chain that would reach the network: a chart with a `repo:`
 * whose directory is not vendored under the chart home, or a values file given as a URL.
 * A chart without `repo:` is never fetched (Kustomize reports it missing itself).
 */
export async function findRemoteChart(walk: ChainWalk, kustomizeVersion: string): Promise<RemoteChart | null> {
  for (const node of walk.nodes) {
    const found = await remoteChartOf(node, kustomizeVersion);
    if (found) return found;
  }
  return null;
}

async function remoteChartOf(node: ChainNode, kustomizeVersion: string): Promise<RemoteChart | null> {
  const globals = objects(node.kustomization.data.helmGlobals)[0] ?? {};
  const chartHome = resolve(node.dir, strings(globals.chartHome)[0] ?? 'charts');
  for (const entry of objects(node.kustomization.data.helmCharts)) {
    const chart = chartOf(entry);
    if (!chart) continue;
    const where = { file: node.file, line: lineOfChart(node.kustomization.text, chart.name) };
    const url = [...strings(entry.valuesFile), ...strings(entry.additionalValuesFiles)].find(isRemoteRef);
    const dir = chartDirOf(chart, chartHome, kustomizeVersion);
    const expected = posix.join(dirname(node.file), relative(node.dir, dir).split(sep).join('/'));
    const described = { name: chart.name, repo: chart.repo ?? '', version: chart.version ?? null, expected, ...where };
    if (url !== undefined) return { ...described, what: 'valuesFile', url };
    if (chart.repo && !(await isDir(dir))) return { ...described, what: 'chart' };
  }
  return null;
}

function chartOf(entry: Record<string, unknown>): { name: string; repo?: string; version?: string } | null {
  const name = strings(entry.name)[0];
  if (name === undefined) return null;
  const repo = strings(entry.repo)[0];
  const version = strings(entry.version)[0];
  return { name, ...(repo ? { repo } : {}), ...(version ? { version } : {}) };
}

/** The offline refusal of a chart Kustomize would fetch: names the chart and `--allow-remote`. */
export function remoteChartError(chart: RemoteChart, overlay: string): RenderError {
  const named = `Helm chart ${chart.name} (repo ${chart.repo || 'none'}, version ${chart.version ?? 'unpinned'})`;
  const message =
    chart.what === 'valuesFile'
      ? `${named} reads its values from ${chart.url}, which cannot be fetched offline; vendor the file or pass --allow-remote (overlay ${overlay})`
      : `${named} is not vendored (no ${chart.expected}) and cannot be fetched offline; vendor it there or pass --allow-remote (overlay ${overlay})`;
  return new RenderError(message, { overlay, file: chart.file, line: chart.line });
}

async function isDir(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

/** The line of the entry's `name:` (the first one naming the chart), else 1. */
function lineOfChart(text: string, name: string): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`name:\\s*["']?${escaped}["']?\\s*$`, 'm').exec(text);
  return match ? lineAt(text, match.index) : 1;
}
