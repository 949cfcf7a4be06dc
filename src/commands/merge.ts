import type { Command } from 'commander';
import { addHelp } from './help.js';
import { addOutputOptions, checkOutputOptions, type OutputOptions, type SetExitCode } from './options.js';

/** `parity merge a.json b.json … [--format …]`: one report (and exit code) from `--shard` results. */
export function registerMerge(program: Command, setExitCode: SetExitCode): void {
  const command = program
    .command('merge')
    .description('combine the JSON results of sharded audits into one report (every shard of one run, each once)')
    .argument('<results...>', 'JSON result files of `parity audit --shard k/n --format json`');
  addOutputOptions(command);
  addHelp(command, [
    'parity merge shard-1.json shard-2.json shard-3.json',
    'parity merge results/*.json --format sarif --out parity.sarif',
  ]);
  command.action(async (files: string[], flags: OutputOptions) => {
    checkOutputOptions(flags);
    const [{ mergeResults }, { readResultFile }, { emitResult }] = await Promise.all([
      import('../merge/merge-results.js'),
      import('../io/read-result.js'),
      import('./emit.js'),
    ]);
    const results = [];
    for (const file of files) results.push(await readResultFile(file));
    setExitCode(await emitResult(mergeResults(results, files), flags));
  });
}
