import type { Result } from 'execa';
import { RenderError } from '../errors.js';
import type { Renderer, RendererInfo } from '../types.js';
import { describeKustomizeError } from './kustomize-error.js';
import { overlaySecretValues } from './overlay-secrets.js';
import { runBounded } from './run-bounded.js';
import { scrubSecrets } from './scrub-secrets.js';

export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * A Renderer around one Kustomize binary: `kustomize build DIR` or `kubectl kustomize DIR`,
 * no shell, no stdin, LANG=C, killed (with its children) on timeout. Failures are
 * RenderErrors whose message and stderr are scrubbed of the overlay's secret values.
 */
export function createRenderer(info: RendererInfo): Renderer {
  return {
    info,
    async render(dir, options = {}) {
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const { result, timedOut } = await runBounded(info.path, buildArgs(info, dir), timeoutMs);
      if (!timedOut && !result.failed && result.exitCode === 0) return String(result.stdout);
      throw await toRenderError(result, dir, timedOut ? timeoutMs : null);
    },
  };
}

export function buildArgs(info: RendererInfo, dir: string): string[] {
  return info.name === 'kubectl' ? ['kustomize', dir] : ['build', dir];
}

/** `timeoutMs` is set when the render was killed for taking too long. */
async function toRenderError(result: Result, dir: string, timeoutMs: number | null): Promise<RenderError> {
  const secrets = await overlaySecretValues(dir);
  const stderr = scrubSecrets(String(result.stderr ?? ''), secrets);
  if (timeoutMs !== null) {
    const message = `Kustomize did not finish within ${formatSeconds(timeoutMs)} rendering ${dir}`;
    return new RenderError(message, { overlay: dir, exitCode: null, stderr, timedOut: true });
  }
  const reason = result.exitCode === undefined ? `cannot run ${result.command}: ${result.shortMessage}` : describeKustomizeError(stderr);
  return new RenderError(scrubSecrets(`Kustomize failed for ${dir}: ${oneLine(reason)}`, secrets), {
    overlay: dir,
    exitCode: result.exitCode ?? null,
    stderr,
  });
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
