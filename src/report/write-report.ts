import { writeFileAtomic } from '../io/write-atomic.js';

/**
 * Writes a report to `--out FILE` atomically (an exclusive temp file beside it, then a rename),
 * so a reader never sees half a report; without `--out` it goes to stdout. A target that
 * cannot be written is one OutputError line, exit 2.
 */
export async function writeReport(text: string, out?: string): Promise<void> {
  if (!out) {
    process.stdout.write(text);
    return;
  }
  await writeFileAtomic(out, text);
}

/** One line on stderr; the CLI's only channel for errors and notes. */
export function printError(line: string): void {
  process.stderr.write(`${line}\n`);
}
