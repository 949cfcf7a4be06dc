// execa (about a hundred modules) loads when a process is started, not with this module.
import type { RendererInfo } from '../types.js';

/** How long a `version` probe may take before the binary counts as not running. */
const PROBE_TIMEOUT_MS = 15_000;

/**
 * The Kustomize version a `kustomize version` output names: `v5.4.3` (v5), or
 * `{Version:kustomize/v4.5.4 GitCommit:...}` (v3/v4). Null when it names none.
 */
export function parseKustomizeVersion(output: string): string | null {
  const legacy = /kustomize\/(v\d+\.\d+\.\d+[\w.+-]*)/.exec(output);
  if (legacy) return legacy[1]!;
  const plain = /^\s*(v\d+\.\d+\.\d+[\w.+-]*)\s*$/m.exec(output);
  return plain ? plain[1]! : null;
}

/** The Kustomize built into kubectl, from `kubectl version --client`: `Kustomize Version: v5.5.0`. */
export function parseKubectlKustomizeVersion(output: string): string | null {
  const match = /Kustomize Version:\s*(v?\d+\.\d+\.\d+[\w.+-]*)/.exec(output);
  return match ? match[1]! : null;
}

/** Runs `path version` and returns the renderer it is, or null when it is not a working kustomize. */
export async function probeKustomize(path: string, env: NodeJS.ProcessEnv): Promise<RendererInfo | null> {
  const output = await runProbe(path, ['version'], env);
  const version = output === null ? null : parseKustomizeVersion(output);
  return version ? { name: 'kustomize', path, version } : null;
}

/** Runs `path version --client` and returns the renderer when kubectl names its built-in Kustomize. */
export async function probeKubectl(path: string, env: NodeJS.ProcessEnv): Promise<RendererInfo | null> {
  const output = await runProbe(path, ['version', '--client'], env);
  const version = output === null ? null : parseKubectlKustomizeVersion(output);
  return version ? { name: 'kubectl', path, version } : null;
}

async function runProbe(path: string, args: string[], env: NodeJS.ProcessEnv): Promise<string | null> {
  const { execa } = await import('execa');
  const result = await execa(path, args, {
    reject: false,
    timeout: PROBE_TIMEOUT_MS,
    env: { ...env, LANG: 'C', LC_ALL: 'C' },
    extendEnv: false,
    stdin: 'ignore',
  });
  if (result.failed || result.exitCode !== 0) return null;
  return `${result.stdout}\n${result.stderr}`;
}
