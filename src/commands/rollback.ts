import { Command } from 'commander';
import { ConfigError } from '../errors.js';
import { rollback } from '../rollback/rollback.js';
import { optional } from './audit.js';
import { emitResult } from './emit.js';
import { addCommonOptions, addOutputOptions, configFileOf, repoDirOf, timeoutOf, type CommonOptions, type OutputOptions } from './options.js';

interface RollbackFlags extends CommonOptions, OutputOptions {
  service: string;
  env: string;
  to?: string;
  steps?: string;
  image?: string;
  dryRun?: boolean;
}

export function createRollbackCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('rollback')
    .description('restore the tag an environment ran before its last promotion, in one commit (no gate; the audit is shown as information)')
    .requiredOption('--service <name>', 'service to roll back')
    .requiredOption('--env <env>', 'environment to roll back')
    .option('--to <tag>', 'restore this earlier tag or sha256: digest')
    .option('--steps <n>', 'undo the last N tag changes (default 1)')
    .option('--image <name>', 'which image, when the overlay overrides several')
    .option('--dry-run', 'show the plan and the diff it would write; write nothing');
  addCommonOptions(command);
  addOutputOptions(command);
  return command.action(async (flags: RollbackFlags) => {
    const result = await rollback({
      repoDir: repoDirOf(flags),
      ...optional('configFile', configFileOf(flags)),
      ...optional('kustomize', flags.kustomize),
      ...optional('timeoutMs', timeoutOf(flags)),
      ...optional('to', flags.to),
      ...optional('steps', stepsOf(flags.steps)),
      ...optional('image', flags.image),
      service: flags.service,
      env: flags.env,
      dryRun: flags.dryRun ?? false,
      failOn: 'never',
    });
    // The audit is information: only an error (exit 2) changes a written rollback's exit code.
    setExitCode((await emitResult(result, flags)) === 2 ? 2 : 0);
  });
}

function stepsOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new ConfigError(`--steps must be a positive whole number, got '${value}'`);
  return Number(value);
}
