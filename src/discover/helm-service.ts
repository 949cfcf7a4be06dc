import { stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { ConfigError } from '../errors.js';
import type { HelmParameter, HelmServiceConfig, HelmSetValue, HelmSource, Overlay } from '../types.js';
import { requireInside, type RepoBounds } from '../util/repo-bounds.js';
import { isInsideRepo } from './repo-path.js';

export interface HelmContext {
  root: string;
  bounds: RepoBounds;
  /** The config file (repo-relative) that declares the service. */
  file: string;
}

/** The settings of one environment: the per-environment ones over the service-wide ones, `{env}` substituted. */
interface HelmEnvSettings {
  releaseName: string;
  namespace?: string;
  valuesFiles: string[];
  set: Record<string, HelmSetValue>;
}

function helmEnvSettings(helm: HelmServiceConfig, env: string): HelmEnvSettings {
  const own = helm.envs[env] ?? {};
  const sub = (text: string): string => text.replaceAll('{env}', env);
  const namespace = own.namespace ?? helm.namespace;
  return {
    releaseName: sub(own.releaseName ?? helm.releaseName),
    ...(namespace !== undefined ? { namespace: sub(namespace) } : {}),
    valuesFiles: (own.valuesFiles ?? helm.valuesFiles).map(sub),
    set: { ...helm.set, ...own.set },
  };
}

/**
 * The Helm environment `env` of a service configured with `helm:`: the chart must hold a
 * Chart.yaml and every values file must exist, inside the repository (symlinks followed);
 * anything else fails closed, naming the config file and line.
 */
export async function helmOverlay(ctx: HelmContext, service: string, helm: HelmServiceConfig, env: string): Promise<Overlay> {
  const where = helm.line ? { file: ctx.file, line: helm.line } : { file: ctx.file };
  const settings = helmEnvSettings(helm, env);
  const what = `of service '${service}' (${env})`;
  if (!(await isFile(join(ctx.root, helm.chart, 'Chart.yaml')))) {
    throw new ConfigError(`chart directory '${helm.chart}' ${what} holds no Chart.yaml`, where);
  }
  const chartDir = await requireInside(ctx.bounds, join(ctx.root, helm.chart), `chart directory '${helm.chart}' ${what}`, where);
  const valuesFiles: string[] = [];
  for (const file of settings.valuesFiles) {
    const rel = posix.normalize(posix.join(helm.chart, file));
    if (!isInsideRepo(rel)) throw new ConfigError(`values file '${file}' ${what} leaves the repository`, where);
    if (!(await isFile(join(ctx.root, rel)))) {
      throw new ConfigError(`values file '${rel}' ${what} does not exist; leave the environment out with the service's envs, or add the file`, where);
    }
    await requireInside(ctx.bounds, join(ctx.root, rel), `values file '${rel}' ${what}`, where);
    valuesFiles.push(rel);
  }
  const source: HelmSource = {
    chartDir,
    chartRelDir: helm.chart,
    releaseName: settings.releaseName,
    ...(settings.namespace !== undefined ? { namespace: settings.namespace } : {}),
    valuesFiles,
    ...parametersOf(settings.set),
    declaredIn: where,
    imageKeys: [...helm.imageKeys],
  };
  return { service, env, dir: chartDir, relDir: helm.chart, helm: source };
}

/** `set:` as helm parameters: a string is forced to stay a string, numbers and booleans are parsed by helm. */
function parametersOf(set: Record<string, HelmSetValue>): { parameters?: HelmParameter[] } {
  const entries = Object.entries(set);
  if (entries.length === 0) return {};
  return {
    parameters: entries.map(([name, value]) => (typeof value === 'string' ? { name, value, forceString: true } : { name, value: String(value) })),
  };
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}
