import { scrubDeep } from '../secrets/scrub-deep.js';
import type { AuditResult } from '../types.js';
import { summarizeVerdict } from './verdict.js';

/** The one line `--quiet` prints: the verdict every format leads with, scrubbed like any output. */
export function formatVerdictLine(result: AuditResult): string {
  return `${summarizeVerdict(scrubDeep(result)).headline}\n`;
}
