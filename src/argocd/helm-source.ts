/**
 * Which Applications deploy a Helm chart, and the HelmSource each one gives `helm template`,
 * read as Argo CD reads it: a source with `chart` (a Helm repository or OCI registry), with a
 * `helm:` block, or whose path holds a Chart.yaml and no kustomization is Helm. Value files
 * are relative to the chart's path, or `$<ref>/…` (the root of the repository of the source
 * with that `ref`, which parity takes to be the repository it audits).
 */
import { stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { ConfigError } from '../errors.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { isInsideRepo, normalizeRepoPath } from '../discover/repo-path.js';
import { requireInside, type RepoBounds } from '../util/repo-bounds.js';
import type { HelmSource } from '../types.js';
import type { Application, SourceEntry } from './application.js';
import { checkHelmFields, fieldError, inlineValues, locator, parametersOf, type FieldLocator } from './helm-fields.js';

const KUSTOMIZATIONS = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The Application's Helm environment, or null when it deploys a Kustomize overlay or plain manifests. */
export async function helmSourceOf(app: Application, bounds: RepoBounds): Promise<HelmSource | null> {
  const entries = app.sources ?? [{ source: app.source, path: 'spec.source', lines: {} }];
  const rendering = entries.filter((entry) => !isRefOnly(entry));
  const helm: SourceEntry[] = [];
  for (const entry of rendering) if (await isHelm(entry, bounds.given)) helm.push(entry);
  if (helm.length === 0) return null;
  if (rendering.length > 1) {
    const where = app.line ? { file: app.file, line: app.line } : { file: app.file };
    throw new ConfigError(`Application '${app.name}' renders ${rendering.length} sources, a Helm chart among them; parity audits one chart or overlay per Application`, where);
  }
  return buildSource(app, helm[0]!, entries, bounds);
}

/** A source that only lends its files to `$ref` value files (Argo CD renders nothing from it). */
function isRefOnly(entry: SourceEntry): boolean {
  const { ref, path, chart } = entry.source;
  return typeof ref === 'string' && path === undefined && chart === undefined;
}

async function isHelm(entry: SourceEntry, root: string): Promise<boolean> {
  const { chart, helm, path } = entry.source;
  if (chart !== undefined || helm !== undefined) return true;
  if (typeof path !== 'string' || !isInsideRepo(path)) return false;
  const dir = join(root, path);
  if (!(await isFile(join(dir, 'Chart.yaml')))) return false;
  for (const name of KUSTOMIZATIONS) if (await isFile(join(dir, name))) return false;
  return true;
}

async function buildSource(app: Application, entry: SourceEntry, entries: readonly SourceEntry[], bounds: RepoBounds): Promise<HelmSource> {
  const where = locator(app.file, entry, app.line);
  const helm = entry.source.helm ?? {};
  if (!isPlainObject(helm)) throw fieldError(where, 'helm', 'must be a map');
  checkHelmFields(helm, where);
  const chart = isRemote(entry) ? remoteChart(entry, where) : await repoChart(entry, bounds, where);
  const context: ValuesContext = { chartRelDir: chart.remote ? null : chart.chartRelDir, refs: refsOf(entries), bounds, where, ignoreMissing: helm.ignoreMissingValueFiles === true };
  const namespace = typeof helm.namespace === 'string' && helm.namespace !== '' ? helm.namespace : app.destination.namespace;
  return {
    ...chart,
    releaseName: typeof helm.releaseName === 'string' && helm.releaseName !== '' ? helm.releaseName : app.name,
    ...(typeof namespace === 'string' && namespace !== '' ? { namespace } : {}),
    valuesFiles: await valueFilesOf(helm, context),
    ...inlineValues(helm, where),
    ...parametersOf(helm, where),
    declaredIn: app.line ? { file: app.file, line: app.line } : { file: app.file },
  };
}

function isRemote(entry: SourceEntry): boolean {
  return entry.source.chart !== undefined;
}

type ChartPart = Pick<HelmSource, 'chartDir' | 'chartRelDir' | 'remote'>;

/** `chart` + `repoURL` + `targetRevision` (the chart version): fetched at render time, with `--allow-remote` only. */
function remoteChart(entry: SourceEntry, where: FieldLocator): ChartPart {
  const { chart, repoURL, targetRevision } = entry.source;
  if (typeof chart !== 'string' || chart === '') throw fieldError(where, 'chart', 'must name a chart');
  if (typeof repoURL !== 'string' || repoURL === '') throw fieldError(where, 'repoURL', 'must name the Helm repository or OCI registry of the chart');
  if (typeof targetRevision !== 'string' || targetRevision === '') {
    throw fieldError(where, 'chart', `has no targetRevision (the chart version); parity will not guess which version Argo CD deploys`);
  }
  const url = withoutUserinfo(repoURL);
  return { chartDir: '', chartRelDir: `${url.replace(/\/+$/, '')}/${chart}`, remote: { repoURL: url, chart, version: targetRevision } };
}

/** Credentials in a repository URL (`https://user:token@host/…`) never travel further than this. */
function withoutUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1').replace(/^[^@/:]*:[^@/]*@/, '');
}

/** A chart in this repository: `path` must hold a Chart.yaml, inside the repository. */
async function repoChart(entry: SourceEntry, bounds: RepoBounds, where: FieldLocator): Promise<ChartPart> {
  const { path } = entry.source;
  if (typeof path !== 'string' || path === '') throw fieldError(where, 'helm', 'is set but the source has neither a path nor a chart');
  if (!isInsideRepo(path)) throw fieldError(where, 'path', `'${path}' leaves the repository`);
  const rel = normalizeRepoPath(path);
  const location = where.at('path');
  const error = location.line ? { file: where.file, line: location.line } : { file: where.file };
  const chartDir = await requireInside(bounds, join(bounds.given, rel), `${location.name} '${rel}'`, error);
  if (!(await isFile(join(chartDir, 'Chart.yaml')))) throw fieldError(where, 'path', `'${rel}' holds no Chart.yaml, but the source is rendered with Helm`);
  return { chartDir, chartRelDir: rel };
}

interface ValuesContext {
  /** Repo-relative chart directory; null for a remote chart. */
  chartRelDir: string | null;
  refs: Set<string>;
  bounds: RepoBounds;
  where: FieldLocator;
  ignoreMissing: boolean;
}

function refsOf(entries: readonly SourceEntry[]): Set<string> {
  return new Set(entries.map((entry) => entry.source.ref).filter((ref): ref is string => typeof ref === 'string' && ref !== ''));
}

/** `helm.valueFiles`, repo-relative, in order; a missing one is skipped only with `ignoreMissingValueFiles`. */
async function valueFilesOf(helm: Record<string, unknown>, context: ValuesContext): Promise<string[]> {
  const listed = helm.valueFiles ?? [];
  if (!Array.isArray(listed)) throw fieldError(context.where, 'helm.valueFiles', 'must be a list of files');
  const out: string[] = [];
  for (const [index, file] of listed.entries()) {
    const field = `helm.valueFiles.${index}`;
    if (typeof file !== 'string' || file === '') throw fieldError(context.where, field, 'must be a file path');
    const rel = resolveValueFile(file, field, context);
    if (await isFile(join(context.bounds.given, rel))) {
      const location = context.where.at(field);
      await requireInside(context.bounds, join(context.bounds.given, rel), `${location.name} '${rel}'`, location.line ? { file: context.where.file, line: location.line } : { file: context.where.file });
      out.push(rel);
    } else if (!context.ignoreMissing) {
      throw fieldError(context.where, field, `'${rel}' does not exist (Argo CD would fail to render; set ignoreMissingValueFiles to skip it)`);
    }
  }
  return out;
}

/** A value file as a repo-relative path: `$ref/…` from the repository root, else from the chart directory. */
function resolveValueFile(file: string, field: string, context: ValuesContext): string {
  const { where } = context;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) throw fieldError(where, field, `'${file}' is fetched over the network; parity reads value files from the repository only`);
  const ref = /^\$([^/]+)\/(.+)$/.exec(file);
  if (ref) {
    if (!context.refs.has(ref[1]!)) throw fieldError(where, field, `refers to unknown source ref '$${ref[1]!}' (${refList(context.refs)})`);
    return checkedRelative(ref[2]!, field, where);
  }
  if (file.includes('$')) throw fieldError(where, field, `'${file}' holds a variable Argo CD substitutes; parity does not`);
  if (file.startsWith('/')) throw fieldError(where, field, `'${file}' is absolute; write it relative to the chart, or as $<ref>/… with a ref source`);
  if (context.chartRelDir === null) {
    throw fieldError(where, field, `'${file}' is read from inside the remote chart; parity reads value files from the repository only (use $<ref>/…)`);
  }
  return checkedRelative(posix.join(context.chartRelDir, file), field, where);
}

function checkedRelative(path: string, field: string, where: FieldLocator): string {
  if (!isInsideRepo(path)) throw fieldError(where, field, `'${path}' leaves the repository`);
  return normalizeRepoPath(path);
}

function refList(refs: Set<string>): string {
  return refs.size === 0 ? 'no source has a ref' : `sources define: ${[...refs].map((r) => `$${r}`).join(', ')}`;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}
