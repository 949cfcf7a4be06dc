import { exitCodeOf } from '../pipeline/build-result.js';
import type { HtmlOptions } from '../report/html/options.js';
import { formatResultLoaded } from '../report/load-reporter.js';
import { formatVerdictLine } from '../report/verdict-line.js';
import { printError, writeReport } from '../report/write-report.js';
import type { AuditResult } from '../types.js';
import { reportOptionsOf } from './ci-output-options.js';
import type { OutputOptions } from './options.js';

/**
 * Prints (or writes) a result in the chosen format and returns the contract's exit code. With
 * `--quiet` stdout gets the verdict line alone; the report still goes to `--out` when named.
 * `repo` (the resolved `--repo`) places report paths on the git root for code scanning.
 */
export async function emitResult(result: AuditResult, options: OutputOptions & { repo?: string }, html?: HtmlOptions): Promise<number> {
  const color = options.format === 'human' && !options.out && useColor();
  const report = await reportOptionsOf(options);
  if (!options.quiet || options.out) await writeReport(await formatResultLoaded(result, options.format, { color, ...report, ...(html ? { html } : {}) }), options.out);
  if (options.quiet) await writeReport(formatVerdictLine(result));
  // Errors also go to stderr in one line each, so CI logs show them whatever the format.
  if (options.format !== 'human' || options.out || options.quiet) {
    for (const error of result.errors) printError(`parity: ${error.message.split('\n')[0]}`);
  }
  return exitCodeOf(result);
}

function useColor(): boolean {
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}
