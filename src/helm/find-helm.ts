import { ConfigError } from '../errors.js';
import { findOnPath, pickRequested, resolveUserBinary } from '../util/find-executable.js';

export interface FindHelmOptions {
  /** The `--helm` flag: a path to (or name of) a helm binary. */
  helm?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export const HELM_INSTALL_HINT =
  'helm not found: install Helm ≥ 3.8 (https://helm.sh/docs/intro/install/) or pass --helm PATH / set PARITY_HELM';

/**
 * The helm binary to render charts with: `--helm` → PARITY_HELM → `helm` on PATH. A flag or
 * variable that names nothing runnable is an error of its own, never a silent fall-through.
 */
export async function findHelm(options: FindHelmOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const requested = pickRequested({ name: '--helm', value: options.helm }, 'PARITY_HELM', env);
  if (requested) {
    const path = await resolveUserBinary(requested.value, env, options.cwd ?? process.cwd());
    if (!path) throw new ConfigError(`${requested.source}: ${requested.value} does not exist or is not executable`);
    return path;
  }
  const path = await findOnPath('helm', env);
  if (!path) throw new ConfigError(HELM_INSTALL_HINT);
  return path;
}

