// execa (about a hundred modules) loads when a process is started, not with this module.
import { onInterrupt } from '../cleanup.js';

/** How long one render may run, unless `--timeout` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Most bytes one render may print: 256 MiB, or `PARITY_MAX_RENDER_BYTES`. */
export const DEFAULT_MAX_RENDER_BYTES = 256 * 1024 * 1024;

export interface BoundedOptions {
  timeoutMs: number;
  /** Most bytes the binary may print on stdout (and on stderr) before it is killed. */
  maxOutputBytes: number;
  /**
   * The binary's whole environment, instead of parity's own (helm reads its repositories,
   * plugins and registries from HELM_* variables and the home directory). LANG=C is added.
   */
  env?: Record<string, string>;
}

export interface BoundedRun {
  stdout: string;
  stderr: string;
  /** Undefined when the binary could not be started or was killed. */
  exitCode: number | undefined;
  failed: boolean;
  command: string;
  shortMessage: string;
  timedOut: boolean;
  /** The binary printed more than `maxOutputBytes` and was killed. */
  tooLarge: boolean;
}

/**
 * Runs a binary (argument array, no shell, no stdin, LANG=C) and kills it — with every process
 * it started, e.g. git or helm — once `timeoutMs` passes or once it has printed more than
 * `maxOutputBytes` (counted as the bytes arrive, so a runaway renderer never fills memory).
 * The process gets its own process group so the kill reaches grandchildren that would
 * otherwise keep its output pipes open; the same kill runs if parity itself is interrupted.
 */
export async function runBounded(path: string, args: string[], options: BoundedOptions): Promise<BoundedRun> {
  const { execa } = await import('execa');
  const subprocess = execa(path, args, {
    reject: false,
    detached: process.platform !== 'win32',
    cleanup: true,
    stdin: 'ignore',
    env: { ...options.env, LANG: 'C', LC_ALL: 'C' },
    extendEnv: options.env === undefined,
    stripFinalNewline: false,
    encoding: 'buffer',
    maxBuffer: options.maxOutputBytes,
  });
  const killGroup = (): void => killTree(subprocess.pid, () => subprocess.kill('SIGKILL'));
  const unregister = onInterrupt(killGroup);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, options.timeoutMs);
  try {
    const result = await subprocess;
    // A binary stopped for printing too much may have left children behind in its group.
    if (result.isMaxBuffer) killGroup();
    return {
      stdout: Buffer.from(result.stdout).toString('utf8'),
      stderr: Buffer.from(result.stderr).toString('utf8'),
      exitCode: result.exitCode,
      failed: result.failed,
      command: result.command,
      shortMessage: result.shortMessage ?? '',
      timedOut,
      tooLarge: result.isMaxBuffer === true,
    };
  } finally {
    clearTimeout(timer);
    unregister();
  }
}

function killTree(pid: number | undefined, fallback: () => void): void {
  try {
    if (pid === undefined || process.platform === 'win32') throw new Error('no process group');
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is gone already (ESRCH) or there is none: kill the process itself.
    fallback();
  }
}
