import { ConfigError } from '../errors.js';
import type { RendererInfo } from '../types.js';
import { DEFAULT_MAX_RENDER_BYTES, runBounded, type BoundedRun } from '../util/run-bounded.js';

/**
 * Runs `kustomize build DIR` (or `kubectl kustomize DIR`) once: no shell, no stdin, LANG=C,
 * killed with its children past `timeoutMs` or once it prints more than `maxOutputBytes`.
 */
export function runKustomize(
  info: RendererInfo,
  dir: string,
  options: { helmCommand: string | undefined; timeoutMs: number; maxOutputBytes: number },
): Promise<BoundedRun> {
  return runBounded(info.path, buildArgs(info, dir, options.helmCommand), { timeoutMs: options.timeoutMs, maxOutputBytes: options.maxOutputBytes });
}

/**
 * `kustomize build DIR` or `kubectl kustomize DIR`; with `helmCommand` (a chain that uses
 * `helmCharts:`) Helm is enabled and pointed at that binary, never otherwise.
 */
export function buildArgs(info: RendererInfo, dir: string, helmCommand?: string): string[] {
  const helm = helmCommand === undefined ? [] : ['--enable-helm', '--helm-command', helmCommand];
  return [info.name === 'kubectl' ? 'kustomize' : 'build', ...helm, dir];
}

/** `PARITY_MAX_RENDER_BYTES` (a positive whole number of bytes) or the default bound. */
export function maxRenderBytesOf(env: NodeJS.ProcessEnv): number {
  const text = env.PARITY_MAX_RENDER_BYTES;
  if (text === undefined || text === '') return DEFAULT_MAX_RENDER_BYTES;
  const bytes = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new ConfigError(`PARITY_MAX_RENDER_BYTES must be a positive whole number of bytes, got '${text}'`);
  }
  return bytes;
}
