import type { OnPhase } from '../pipeline/phase-events.js';
import { formatPhase } from '../report/verbose.js';
import { printError } from '../report/write-report.js';
import type { OutputOptions } from './options.js';

/** Where a run's warnings and `--verbose` phases go: stderr, scrubbed; `--quiet` drops the warnings. */
export function runHooks(flags: Pick<OutputOptions, 'quiet' | 'verbose'>): { onWarning: (message: string) => void; onPhase?: OnPhase } {
  return {
    onWarning: flags.quiet ? () => {} : (message) => printError(`parity: warning: ${message}`),
    ...(flags.verbose ? { onPhase: (event) => formatPhase(event).forEach((line) => printError(line)) } : {}),
  };
}
