import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BIN } from '../../support/run-cli.js';

/** Starts the built CLI without waiting for it, so a test can signal it; never rejects. */
export function spawnCli(args: string[], env: Record<string, string>) {
  return execa(process.execPath, [BIN, ...args], {
    cwd: resolve(import.meta.dirname, '../../..'),
    env: { NO_COLOR: '1', ...env },
    reject: false,
    timeout: 120_000,
  });
}

/** Waits until `check` holds, polling; throws after `limitMs` so a broken feature fails the test. */
export async function waitFor(check: () => Promise<boolean> | boolean, what: string, limitMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Whether a process is alive (a zombie waiting to be reaped counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // Linux: field 3 of /proc/PID/stat is the state; Z is a zombie.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
