import { PromoteError, RenderError, isKnownError } from '../errors.js';
import type { Overlay, ResultError } from '../types.js';

/**
 * A render failure as the result's `errors[]` entry (the gate stays closed: exit 2). A refused
 * edit of the render after a bump or rollback (a `PromoteError`) names its refusal's code as `reason`.
 */
export function toResultError(error: unknown, overlay: Overlay): ResultError {
  if (!isKnownError(error)) throw error;
  const code = error instanceof RenderError && error.timedOut ? 'RENDER_TIMEOUT' : 'RENDER_FAILED';
  const stderr = error instanceof RenderError && error.stderr ? `\n${tidyStderr(error.stderr)}` : '';
  return {
    code,
    ...(error instanceof PromoteError ? { reason: error.refusal.code } : {}),
    service: overlay.service,
    env: overlay.env,
    message: `${error.toLine()}${stderr}`,
    file: error.file ?? overlay.relDir,
    ...(error.line ? { line: error.line } : {}),
  };
}

/** Kustomize's own words, without kubectl's log-line headers (`E1126 04:53:05.922568 2385 run.go:72] `). */
function tidyStderr(stderr: string): string {
  return stderr
    .split('\n')
    .map((line) => line.replace(/^[EWI]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\] /, ''))
    .join('\n')
    .trim();
}
