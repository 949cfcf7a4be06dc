import { rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { RenderError } from '../errors.js';
import { parseRenderedYaml } from '../yaml/parse-rendered.js';
import type { HelmSource, K8sObject, Overlay, RenderedOverlay, ResourceOrigin } from '../types.js';
import { repoRelative } from './chart-inputs.js';
import { inHelmSession, type HelmSession } from './helm-session.js';
import { helmOrigin } from './helm-origins.js';
import { renderChart } from './helm-template.js';
import type { HelmInfo } from './helm-version.js';
import { describeRemote, pullChart, type RemoteChart } from './pull-chart.js';
import { chartFileOf, splitHelmOutput } from './source-comments.js';

/** An overlay that is a Helm environment. */
export type HelmOverlay = Overlay & { helm: HelmSource };

export function isHelmOverlay(overlay: Overlay): overlay is HelmOverlay {
  return overlay.helm !== undefined;
}

export interface HelmRenderOptions {
  repoDir: string;
  helm: HelmInfo;
  /** `--allow-remote`: a chart from a repository or registry may be fetched. */
  allowRemote?: boolean;
  kubeVersion?: string;
  apiVersions?: readonly string[];
  timeoutMs?: number;
  /** The run's shared helm home and chart reads (see HelmSession); without one, each render opens its own. */
  session?: HelmSession;
}

/**
 * One Helm environment, rendered with `helm template` from exactly the inputs its source names,
 * into the shape every later stage reads: the objects (secret values remembered for the
 * scrubber), each with the template it came from and its name without the release prefix, and
 * the files the render read. Failures are one-line RenderErrors naming repo-relative files.
 */
export async function renderHelmEnvironment(overlay: HelmOverlay, options: HelmRenderOptions): Promise<RenderedOverlay> {
  return inHelmSession(options.session, (session) => renderIn(overlay, options, session));
}

async function renderIn(overlay: HelmOverlay, options: HelmRenderOptions, session: HelmSession): Promise<RenderedOverlay> {
  const remote = overlay.helm.remote;
  if (remote && options.allowRemote !== true) throw offline(overlay, remote);
  const pulled = remote ? await pullChart(options.helm.path, remote, { overlay: overlay.relDir, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) }) : null;
  try {
    return await renderChartAt(overlay, pulled?.chartDir ?? overlay.helm.chartDir, options, session);
  } catch (error) {
    if (error instanceof RenderError) throw relabel(error, overlay, options.repoDir);
    throw error;
  } finally {
    if (pulled) await rm(pulled.root, { recursive: true, force: true });
  }
}

async function renderChartAt(overlay: HelmOverlay, chartDir: string, options: HelmRenderOptions, session: HelmSession): Promise<RenderedOverlay> {
  const source = overlay.helm;
  const chart = await session.chart(chartDir);
  const output = await renderChart({
    helm: options.helm.path,
    chartDir,
    releaseName: source.releaseName,
    ...(source.namespace ? { namespace: source.namespace } : {}),
    valuesFiles: source.valuesFiles.map((file) => absolute(file, options.repoDir)),
    ...(source.values ? { values: source.values } : {}),
    ...(source.parameters ? { set: source.parameters } : {}),
    ...(options.kubeVersion ? { kubeVersion: options.kubeVersion } : {}),
    ...(options.apiVersions ? { apiVersions: options.apiVersions } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    session,
  });
  const resources: K8sObject[] = [];
  const origins: ResourceOrigin[] = [];
  const context = { releaseName: source.releaseName, repoDir: options.repoDir };
  for (const document of splitHelmOutput(output)) {
    const file = document.source ? repoRelative(chartFileOf(document.source, chartDir), options.repoDir) : overlay.relDir;
    for (const object of parseRenderedYaml(document.text, file, overlay.relDir)) {
      resources.push(object);
      origins.push(helmOrigin(object, document.source, { name: chart.name, dir: chartDir }, context));
    }
  }
  // A fetched chart is no file of the repository: its inputs are the values files alone.
  const files = source.remote ? [] : await session.files(chartDir, options.repoDir);
  const inputs = [...files, ...source.valuesFiles];
  const chain = { files: [], ...(source.namespace ? { namespace: source.namespace } : {}), images: [], inputs: [...new Set(inputs)], remotes: [] };
  return { overlay, chain, preRendered: false, resources, origins, helm: options.helm };
}

function absolute(file: string, repoDir: string): string {
  return isAbsolute(file) ? file : join(repoDir, file);
}

function offline(overlay: HelmOverlay, remote: RemoteChart): RenderError {
  const declared = overlay.helm.declaredIn;
  const location = { file: declared.file, ...(declared.line ? { line: declared.line } : {}) };
  return new RenderError(`${describeRemote(remote)} needs the network: parity renders offline unless run with --allow-remote`, { overlay: overlay.relDir, ...location });
}

/** helm names absolute paths; the result names them relative to the repository. */
function relabel(error: RenderError, overlay: HelmOverlay, repoDir: string): RenderError {
  const prefix = `${repoDir.replace(/\/$/, '')}/`;
  const strip = (text: string): string => text.split(prefix).join('');
  const file = error.file ? strip(error.file) : undefined;
  return new RenderError(strip(error.message), {
    overlay: overlay.relDir,
    exitCode: error.exitCode,
    stderr: strip(error.stderr),
    timedOut: error.timedOut,
    ...(file ? { file } : {}),
    ...(error.line ? { line: error.line } : {}),
  });
}
