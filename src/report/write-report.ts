import { rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { scrubText } from '../secrets/scrub-secrets.js';

/**
 * Writes a report to `--out FILE` atomically (a temp file beside it, then a rename), so a
 * reader never sees half a report; without `--out` it goes to stdout. The text passes the
 * final secret scrubber first: no secret value this run has seen leaves by this door.
 */
export async function writeReport(text: string, out?: string): Promise<void> {
  const safe = scrubText(text);
  if (!out) {
    process.stdout.write(safe);
    return;
  }
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  await writeFile(temp, safe, 'utf8');
  await rename(temp, out);
}

/** One line on stderr, scrubbed of secret values; the CLI's only channel for errors and notes. */
export function printError(line: string): void {
  process.stderr.write(`${scrubText(line)}\n`);
}
