import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Cluster } from '../argocd/clusters.js';
import { mapApplications, type MappedApplication } from '../argocd/map-applications.js';
import { readApplications } from '../argocd/read-applications.js';
import { ConfigError } from '../errors.js';
import { helmSourceOf } from '../argocd/helm-source.js';
import { repoBounds, type RepoBounds } from '../util/repo-bounds.js';
import type { Overlay, ParityConfig, ServiceSpec } from '../types.js';

export interface ArgoServices {
  services: ServiceSpec[];
  applications: MappedApplication[];
}

/**
 * `--argocd DIR`: services and overlays from the Argo CD Applications in DIR (their
 * `spec.source.path`, or the Helm chart and values they deploy), environments in the config's
 * promotion order. An Application whose path leaves the repo or does not exist, or whose Helm
 * settings parity cannot render as Argo CD does, fails closed, naming its file and line.
 */
export async function servicesFromApplications(
  repoDir: string,
  dir: string,
  config: ParityConfig,
  filter: { services?: string[]; envs?: string[]; clusters?: readonly Cluster[] | undefined; allowRoots?: readonly string[] },
): Promise<ArgoServices> {
  const root = resolve(repoDir);
  const mapped = mapApplications(await readApplications(resolve(root, dir), root, filter.clusters), config.environments).filter(
    (app) =>
      (!filter.services?.length || filter.services.includes(app.service)) &&
      (!filter.envs?.length || filter.envs.includes(app.env)),
  );
  const bounds = await repoBounds(root, filter.allowRoots);
  const byService = new Map<string, ServiceSpec>();
  for (const app of mapped) {
    const spec = byService.get(app.service) ?? { name: app.service, envs: [], overlays: {} };
    if (spec.overlays[app.env]) continue;
    const overlay = await overlayOf(root, bounds, app);
    if (overlay === null) continue;
    byService.set(app.service, spec);
    spec.overlays[app.env] = overlay;
  }
  for (const name of filter.services ?? []) {
    const envs = filter.envs?.length ? ` in ${filter.envs.join(' or ')}` : '';
    if (!byService.has(name)) throw new ConfigError(`no Argo CD Application in ${dir} deploys service '${name}'${envs}`);
  }
  const services = [...byService.values()]
    .map((spec) => ({ ...spec, envs: config.environments.filter((env) => spec.overlays[env]) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { services, applications: mapped };
}

/** The Application's Helm environment, or its Kustomize overlay; null when it has neither a chart nor a path. */
async function overlayOf(root: string, bounds: RepoBounds, app: MappedApplication): Promise<Overlay | null> {
  const helm = await helmSourceOf(app.app, bounds);
  if (helm) return { service: app.service, env: app.env, dir: helm.chartDir, relDir: helm.chartRelDir, helm };
  if (app.overlayDir === null) return null;
  const overlayDir = await checkedOverlay(root, app);
  return { service: app.service, env: app.env, dir: join(root, overlayDir), relDir: overlayDir };
}

async function checkedOverlay(root: string, app: MappedApplication): Promise<string> {
  const where = { file: app.app.file, ...(app.app.line ? { line: app.app.line } : {}) };
  const dir = resolve(root, app.overlayDir!);
  const rel = relative(root, dir);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new ConfigError(`Application source path '${app.overlayDir}' leaves the repository`, where);
  }
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new ConfigError(`Application source path '${app.overlayDir}' is not a directory in the repository`, where);
  return rel.split('\\').join('/');
}
