import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { ConfigError } from '../errors.js';
import { mergeResults } from '../merge/merge-results.js';
import type { AuditResult } from '../types.js';
import { emitResult } from './emit.js';
import { addOutputOptions, type OutputOptions } from './options.js';

/** `parity merge a.json b.json … [--format …]`: one report (and exit code) from `--shard` results. */
export function createMergeCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('merge')
    .description('combine the JSON results of sharded audits into one report')
    .argument('<results...>', 'JSON result files of `parity audit --shard k/n --format json`');
  addOutputOptions(command);
  return command.action(async (files: string[], flags: OutputOptions) => {
    const results = await Promise.all(files.map(readResult));
    setExitCode(await emitResult(mergeResults(results), flags));
  });
}

async function readResult(file: string): Promise<AuditResult> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read a parity JSON result: ${(error as Error).message.split('\n')[0]}`, { file });
  }
  const result = parsed as Partial<AuditResult>;
  if (result.schemaVersion !== 1 || !Array.isArray(result.findings) || !Array.isArray(result.services)) {
    throw new ConfigError('not a parity JSON result (schemaVersion 1)', { file });
  }
  return result as AuditResult;
}
