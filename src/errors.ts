/**
 * The known errors parity reports as one line and exit code 2. Anything else that escapes
 * is a bug and crashes loudly. Only src/cli.ts turns these into exit codes.
 */
import type { PromoteRefusal } from './reason-args.js';

export type ErrorLocation = { file?: string; line?: number };

export class ParityError extends Error {
  readonly file?: string;
  readonly line?: number;

  constructor(message: string, location: ErrorLocation = {}) {
    super(message);
    this.name = new.target.name;
    if (location.file !== undefined) this.file = location.file;
    if (location.line !== undefined) this.line = location.line;
  }

  /** One readable line: `file:line: message`. */
  toLine(): string {
    if (!this.file) return this.message;
    return `${this.file}${this.line ? `:${this.line}` : ''}: ${this.message}`;
  }
}

/** parity.config.yaml is unreadable or invalid, or the command asked for something it does not define. */
export class ConfigError extends ParityError {}

/** A policy file is unreadable or invalid. */
export class PolicyError extends ParityError {}

/** Kustomize failed, timed out, or could not be found. `stderr` is already scrubbed of secrets. */
export class RenderError extends ParityError {
  readonly overlay: string;
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly timedOut: boolean;

  constructor(
    message: string,
    details: { overlay: string; exitCode?: number | null; stderr?: string; timedOut?: boolean } & ErrorLocation,
  ) {
    super(message, details);
    this.overlay = details.overlay;
    this.exitCode = details.exitCode ?? null;
    this.stderr = details.stderr ?? '';
    this.timedOut = details.timedOut ?? false;
  }
}

/**
 * A promotion or a rollback cannot be planned or applied; nothing was written. `refusal` says
 * why as data; the message is its wording (`formatPromoteRefusal`, by the report stage).
 */
export class PromoteError extends ParityError {
  readonly refusal: PromoteRefusal;

  constructor(refusal: PromoteRefusal, message: string, location: ErrorLocation = {}) {
    super(message, location);
    this.refusal = refusal;
  }
}

/** git failed or the repository is not in a state parity can work with. */
export class GitError extends ParityError {}

/** No `git` binary on PATH: callers that can work outside git treat it as such. */
export class GitMissingError extends GitError {}

/** The Kubernetes API could not be reached or refused a call. */
export class LiveError extends ParityError {}

/** A file parity was asked to write (`--out`, a promoted kustomization) cannot be written; nothing was. */
export class OutputError extends ParityError {}

export function isKnownError(error: unknown): error is ParityError {
  return error instanceof ParityError;
}
