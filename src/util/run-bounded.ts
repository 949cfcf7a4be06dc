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
  // Output is collected here, not by execa: counting bytes as they arrive is the bound, and a
  // render pool starts hundreds of short processes, where execa's own buffering costs CPU.
  const subprocess = execa(path, args, {
    reject: false,
    detached: process.platform !== 'win32',
    cleanup: true,
    stdin: 'ignore',
    env: { ...options.env, LANG: 'C', LC_ALL: 'C' },
    extendEnv: options.env === undefined,
    buffer: false,
  });
  const killGroup = (): void => killTree(subprocess.pid, () => subprocess.kill('SIGKILL'));
  const unregister = onInterrupt(killGroup);
  let timedOut = false;
  let tooLarge = false;
  const overflow = (): void => {
    if (tooLarge) return;
    tooLarge = true;
    // A binary stopped for printing too much may leave children behind in its group.
    killGroup();
  };
  const stdout = collect(subprocess.stdout, options.maxOutputBytes, overflow);
  const stderr = collect(subprocess.stderr, options.maxOutputBytes, overflow);
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, options.timeoutMs);
  try {
    const result = await subprocess;
    return {
      stdout: stdout.text(),
      stderr: stderr.text(),
      exitCode: result.exitCode,
      failed: result.failed || tooLarge,
      command: result.command,
      shortMessage: result.shortMessage ?? '',
      timedOut,
      tooLarge,
    };
  } finally {
    clearTimeout(timer);
    unregister();
  }
}

interface Collected {
  text(): string;
}

/** The chunks of one output stream, up to `limit` bytes; past it, `overflow` is called and the rest dropped. */
function collect(stream: NodeJS.ReadableStream | null, limit: number, overflow: () => void): Collected {
  const chunks: Buffer[] = [];
  let bytes = 0;
  stream?.on('data', (chunk: Buffer) => {
    if (bytes > limit) return;
    bytes += chunk.length;
    if (bytes > limit) overflow();
    else chunks.push(chunk);
  });
  return { text: () => Buffer.concat(chunks).toString('utf8') };
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
