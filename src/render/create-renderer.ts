import { ConfigError, RenderError } from '../errors.js';
import type { Renderer, RendererInfo } from '../types.js';
import { describeKustomizeError } from './kustomize-error.js';
import { overlaySecretValues } from './overlay-secrets.js';
import { DEFAULT_MAX_RENDER_BYTES, DEFAULT_TIMEOUT_MS, runBounded, type BoundedRun } from '../util/run-bounded.js';
import { scrubSecrets } from '../secrets/scrub-secrets.js';

/**
 * A Renderer around one Kustomize binary: `kustomize build DIR` or `kubectl kustomize DIR`,
 * no shell, no stdin, LANG=C, killed (with its children) on timeout or when its output
 * grows past the bound. Failures are RenderErrors whose message and stderr are scrubbed of
 * the overlay's secret values.
 */
export function createRenderer(info: RendererInfo, env: NodeJS.ProcessEnv = process.env): Renderer {
  const maxOutputBytes = maxRenderBytesOf(env);
  return {
    info,
    async render(dir, options = {}) {
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const run = await runBounded(info.path, buildArgs(info, dir, options.helmCommand), { timeoutMs, maxOutputBytes });
      if (!run.timedOut && !run.tooLarge && !run.failed && run.exitCode === 0) return run.stdout;
      throw await toRenderError(run, dir, { timeoutMs, maxOutputBytes });
    },
  };
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
function maxRenderBytesOf(env: NodeJS.ProcessEnv): number {
  const text = env.PARITY_MAX_RENDER_BYTES;
  if (text === undefined || text === '') return DEFAULT_MAX_RENDER_BYTES;
  const bytes = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new ConfigError(`PARITY_MAX_RENDER_BYTES must be a positive whole number of bytes, got '${text}'`);
  }
  return bytes;
}

async function toRenderError(
  run: BoundedRun,
  dir: string,
  bounds: { timeoutMs: number; maxOutputBytes: number },
): Promise<RenderError> {
  const secrets = await overlaySecretValues(dir);
  const stderr = scrubSecrets(run.stderr, secrets);
  if (run.timedOut) {
    const message = `Kustomize did not finish within ${formatSeconds(bounds.timeoutMs)} rendering ${dir}`;
    return new RenderError(message, { overlay: dir, exitCode: null, stderr, timedOut: true });
  }
  if (run.tooLarge) {
    const message = `render output too large: Kustomize printed more than ${formatBytes(bounds.maxOutputBytes)} rendering ${dir}; it was stopped`;
    return new RenderError(message, { overlay: dir, exitCode: null });
  }
  const reason = run.exitCode === undefined ? `cannot run ${run.command}: ${run.shortMessage}` : describeKustomizeError(stderr);
  return new RenderError(scrubSecrets(`Kustomize failed for ${dir}: ${oneLine(reason)}`, secrets), {
    overlay: dir,
    exitCode: run.exitCode ?? null,
    stderr,
  });
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`;
}

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
