import { execa, type Result } from 'execa';

export interface BoundedResult {
  result: Result;
  timedOut: boolean;
}

/**
 * Runs a binary (argument array, no shell, no stdin, LANG=C) and kills it — with every process
 * it started, e.g. git or helm — once `timeoutMs` passes. The process gets its own process
 * group so the kill reaches grandchildren that would otherwise keep its output pipes open.
 */
export async function runBounded(path: string, args: string[], timeoutMs: number): Promise<BoundedResult> {
  const subprocess = execa(path, args, {
    reject: false,
    detached: process.platform !== 'win32',
    cleanup: true,
    stdin: 'ignore',
    env: { LANG: 'C', LC_ALL: 'C' },
    stripFinalNewline: false,
    maxBuffer: 256 * 1024 * 1024,
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killTree(subprocess.pid, () => subprocess.kill('SIGKILL'));
  }, timeoutMs);
  try {
    return { result: await subprocess, timedOut };
  } finally {
    clearTimeout(timer);
  }
}

function killTree(pid: number | undefined, fallback: () => void): void {
  try {
    if (pid === undefined || process.platform === 'win32') throw new Error('no process group');
    process.kill(-pid, 'SIGKILL');
  } catch {
    fallback();
  }
}
