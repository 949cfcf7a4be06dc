import { RenderError, isKnownError } from '../errors.js';
import type { Overlay, ResultError } from '../types.js';

/** A render failure as the result's `errors[]` entry (the gate stays closed: exit 2). */
export function toResultError(error: Error, overlay: Overlay): ResultError {
  if (!isKnownError(error)) throw error;
  const code = error instanceof RenderError && error.timedOut ? 'RENDER_TIMEOUT' : 'RENDER_FAILED';
  const stderr = error instanceof RenderError && error.stderr ? `\n${error.stderr.trim()}` : '';
  return {
    code,
    service: overlay.service,
    env: overlay.env,
    message: `${error.toLine()}${stderr}`,
    file: error.file ?? overlay.relDir,
    ...(error.line ? { line: error.line } : {}),
  };
}
