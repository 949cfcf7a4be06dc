import { rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a report to `--out FILE` atomically (a temp file beside it, then a rename), so a
 * reader never sees half a report; without `--out` it goes to stdout.
 */
export async function writeReport(text: string, out?: string): Promise<void> {
  if (!out) {
    process.stdout.write(text);
    return;
  }
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  await writeFile(temp, text, 'utf8');
  await rename(temp, out);
}

/** One line on stderr; the CLI's only channel for errors and notes. */
export function printError(line: string): void {
  process.stderr.write(`${line}\n`);
}
