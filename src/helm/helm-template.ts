import { access, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { RenderError } from '../errors.js';
import { DEFAULT_MAX_RENDER_BYTES, DEFAULT_TIMEOUT_MS, runBounded, type BoundedRun } from '../util/run-bounded.js';
import { scrubSecrets, scrubText } from '../secrets/index.js';
import { inHelmSession, type HelmSession } from './helm-session.js';
import { describeHelmError } from './helm-error.js';
import { valuesSecrets } from './values-secrets.js';
import type { HelmParameter } from '../types.js';

/** The Kubernetes version charts see in `.Capabilities.KubeVersion` unless told otherwise: fixed, so renders are reproducible. */
export const DEFAULT_KUBE_VERSION = '1.31.0';


export interface RenderChartOptions {
  /** Path of the helm binary (see findHelm / detectHelm). */
  helm: string;
  chartDir: string;
  releaseName: string;
  namespace?: string;
  /** Values files, relative to `chartDir` as Argo CD's `valueFiles` are (absolute paths stay). */
  valuesFiles?: readonly string[];
  /** Inline values (Argo CD `valuesObject`), applied after the values files. */
  values?: Record<string, unknown>;
  set?: readonly HelmParameter[];
  kubeVersion?: string;
  /** Extra APIs for `.Capabilities.APIVersions` (`-a`), e.g. `monitoring.coreos.com/v1`. */
  apiVersions?: readonly string[];
  /** Render the chart's `crds/` too, as Argo CD does unless told to skip them (default true). */
  includeCrds?: boolean;
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** The run's shared helm home and chart reads; without one, the render opens (and closes) its own. */
  session?: HelmSession;
}

/**
 * `helm template` with the inputs Argo CD would use, offline and reproducibly: no shell, an
 * argument array, a fixed kube version, and the isolated helm home of a HelmSession so the
 * user's repositories, plugins and registry logins are never read.
 * Resolves to the rendered YAML; every failure is a one-line RenderError, scrubbed of the
 * secret values the render was given.
 */
export async function renderChart(options: RenderChartOptions): Promise<string> {
  return inHelmSession(options.session, (session) => renderInSession(options, session));
}

async function renderInSession(options: RenderChartOptions, session: HelmSession): Promise<string> {
  await session.chart(options.chartDir);
  const valuesFiles = (options.valuesFiles ?? []).map((file) => (isAbsolute(file) ? file : join(options.chartDir, file)));
  await checkValuesFiles(valuesFiles, options.chartDir);
  const inlineFile = options.values ? await session.writeValues(options.values) : null;
  try {
    const args = buildTemplateArgs(options, inlineFile ? [...valuesFiles, inlineFile] : valuesFiles);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const run = await runBounded(options.helm, args, {
      timeoutMs,
      maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_RENDER_BYTES,
      env: { ...session.env },
    });
    if (!run.timedOut && !run.tooLarge && !run.failed && run.exitCode === 0) return run.stdout;
    const secrets = await valuesSecrets([join(options.chartDir, 'values.yaml'), ...valuesFiles], options.values, options.set ?? []);
    throw toRenderError(run, options, { secrets, timeoutMs });
  } finally {
    if (inlineFile) await rm(inlineFile, { force: true });
  }
}

/** The arguments of `helm template`, in Argo CD's order: values files, inline values, then parameters. */
function buildTemplateArgs(options: RenderChartOptions, valuesFiles: readonly string[]): string[] {
  const args = ['template', options.releaseName, options.chartDir, '--namespace', options.namespace ?? 'default'];
  args.push('--kube-version', options.kubeVersion ?? DEFAULT_KUBE_VERSION);
  for (const api of options.apiVersions ?? []) args.push('--api-versions', api);
  if (options.includeCrds ?? true) args.push('--include-crds');
  for (const file of valuesFiles) args.push('--values', file);
  const parameters = [...(options.set ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  for (const parameter of parameters) {
    args.push(parameter.forceString ? '--set-string' : '--set', `${parameter.name}=${escapeSetValue(parameter.value)}`);
  }
  return args;
}

/** Commas separate assignments in `--set`; Argo CD escapes them in a value that is not a `{list}`. */
function escapeSetValue(value: string): string {
  if (value.startsWith('{') && value.endsWith('}')) return value;
  return value.replace(/(?<!\\),/g, '\\,');
}

async function checkValuesFiles(files: readonly string[], chartDir: string): Promise<void> {
  for (const file of files) {
    const exists = await access(file).then(
      () => true,
      () => false,
    );
    if (!exists) throw new RenderError('values file does not exist', { overlay: chartDir, file });
  }
}

function toRenderError(run: BoundedRun, options: RenderChartOptions, context: { secrets: string[]; timeoutMs: number }): RenderError {
  const scrub = (text: string): string => scrubText(scrubSecrets(text, context.secrets));
  const stderr = scrub(run.stderr);
  const overlay = options.chartDir;
  if (run.timedOut) {
    const message = `helm did not finish within ${context.timeoutMs / 1000}s rendering ${overlay}`;
    return new RenderError(message, { overlay, exitCode: null, stderr, timedOut: true });
  }
  if (run.tooLarge) {
    return new RenderError(`render output too large: helm printed more than the bound rendering ${overlay}; it was stopped`, { overlay, exitCode: null });
  }
  if (run.exitCode === undefined) {
    return new RenderError(scrub(`cannot run ${options.helm}: ${run.shortMessage}`), { overlay, exitCode: null, stderr });
  }
  const described = describeHelmError(stderr, overlay);
  const location = { ...(described.file ? { file: described.file } : {}), ...(described.line ? { line: described.line } : {}) };
  return new RenderError(`helm template failed: ${oneLine(described.message)}`, { overlay, exitCode: run.exitCode, stderr, ...location });
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
