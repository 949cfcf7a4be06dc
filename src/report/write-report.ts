import { writeFileAtomic } from '../io/write-atomic.js';
import { scrubText } from '../secrets/scrub-secrets.js';

/**
 * Writes a report to `--out FILE` atomically (an exclusive temp file beside it, then a rename),
 * so a reader never sees half a report; without `--out` it goes to stdout. A target that
 * cannot be written is one OutputError line, exit 2. The text passes the final secret scrubber
 * first: no secret value this run has seen leaves by this door.
 */
export async function writeReport(text: string, out?: string): Promise<void> {
  const safe = scrubText(text);
  if (!out) {
    process.stdout.write(safe);
    return;
  }
  await writeFileAtomic(out, safe);
}

/** One line on stderr, scrubbed of secret values; the CLI's only channel for errors and notes. */
export function printError(line: string): void {
  process.stderr.write(`${scrubText(line)}\n`);
}
