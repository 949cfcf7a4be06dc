import { Command } from 'commander';
import { mergeResults } from '../merge/merge-results.js';
import { readResultFile } from '../merge/read-result.js';
import { emitResult } from './emit.js';
import { addOutputOptions, type OutputOptions } from './options.js';

/** `parity merge a.json b.json … [--format …]`: one report (and exit code) from `--shard` results. */
export function createMergeCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('merge')
    .description('combine the JSON results of sharded audits into one report (every shard of one run, each once)')
    .argument('<results...>', 'JSON result files of `parity audit --shard k/n --format json`');
  addOutputOptions(command);
  return command.action(async (files: string[], flags: OutputOptions) => {
    const results = [];
    for (const file of files) results.push(await readResultFile(file));
    setExitCode(await emitResult(mergeResults(results, files), flags));
  });
}
