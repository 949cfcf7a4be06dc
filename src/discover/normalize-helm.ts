import type { HelmEnvConfig, HelmServiceConfig } from '../types.js';
import type { ConfigFile } from './config-schema.js';
import { normalizeRepoPath } from './repo-path.js';

type RawHelm = NonNullable<NonNullable<ConfigFile['services']>[number]['helm']>;
type RawSet = Record<string, string | number | boolean>;

export const DEFAULT_IMAGE_KEYS = ['image.tag'];

/** A service's `helm:` block with its defaults filled in (release name = service name, image key `image.tag`). */
export function normalizeHelm(raw: RawHelm, service: string, line: number | undefined): HelmServiceConfig {
  return {
    chart: normalizeRepoPath(raw.chart),
    releaseName: raw.releaseName ?? service,
    ...(raw.namespace !== undefined ? { namespace: raw.namespace } : {}),
    valuesFiles: raw.valuesFiles ?? [],
    set: stringify(raw.set),
    imageKeys: raw.imageKeys ?? [...DEFAULT_IMAGE_KEYS],
    envs: Object.fromEntries(Object.entries(raw.envs ?? {}).map(([env, o]) => [env, normalizeEnv(o)])),
    ...(line ? { line } : {}),
  };
}

function normalizeEnv(raw: NonNullable<RawHelm['envs']>[string]): HelmEnvConfig {
  return {
    ...(raw.valuesFiles ? { valuesFiles: raw.valuesFiles } : {}),
    ...(raw.set ? { set: stringify(raw.set) } : {}),
    ...(raw.namespace !== undefined ? { namespace: raw.namespace } : {}),
    ...(raw.releaseName !== undefined ? { releaseName: raw.releaseName } : {}),
  };
}

function stringify(set: RawSet | undefined): RawSet {
  return { ...set };
}
