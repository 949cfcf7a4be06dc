import type { Command } from 'commander';
import { ConfigError } from '../errors.js';
import { addHelp } from './help.js';
import {
  addCommonOptions,
  addOutputOptions,
  addPolicyOption,
  checkOutputOptions,
  configFileOf,
  optional,
  repoDirOf,
  timeoutOf,
  type CommonOptions,
  type OutputOptions,
  type SetExitCode,
} from './options.js';

interface RollbackFlags extends CommonOptions, OutputOptions {
  service: string;
  env: string;
  to?: string;
  steps?: string;
  image?: string;
  dryRun?: boolean;
  policy?: string[];
}

export function registerRollback(program: Command, setExitCode: SetExitCode): void {
  const command = program
    .command('rollback')
    .description('restore the tag an environment ran before its last promotion, in one commit (no gate; the audit is shown as information)')
    .requiredOption('--service <name>', 'service to roll back')
    .requiredOption('--env <env>', 'environment to roll back')
    .option('--to <tag>', 'restore this earlier tag or sha256: digest')
    .option('--steps <n>', 'undo the last N tag changes (default 1)')
    .option('--image <name>', 'which image, when the overlay overrides several')
    .option('--dry-run', 'show the plan and the diff it would write; write nothing');
  addPolicyOption(command);
  addCommonOptions(command);
  addOutputOptions(command);
  addHelp(
    command,
    [
      'parity rollback --service payments-service --env production --dry-run',
      'parity rollback --service payments-service --env production',
      'parity rollback --service payments-service --env staging --to 1.4.1',
    ],
    [
      ['0', 'rolled back (or planned, with --dry-run); findings of the audit are information'],
      ['2', 'usage, config, render or git error: nothing was written'],
    ],
  );
  command.action(async (flags: RollbackFlags) => {
    checkOutputOptions(flags);
    const [{ rollback }, { emitResult }, { runHooks }] = await Promise.all([import('../rollback/rollback.js'), import('./emit.js'), import('./run-hooks.js')]);
    const result = await rollback({
      repoDir: repoDirOf(flags),
      ...optional('configFile', configFileOf(flags)),
      ...optional('kustomize', flags.kustomize),
      ...optional('timeoutMs', timeoutOf(flags)),
      ...optional('to', flags.to),
      ...optional('steps', stepsOf(flags.steps)),
      ...optional('image', flags.image),
      ...optional('policyFiles', flags.policy),
      ...runHooks(flags),
      service: flags.service,
      env: flags.env,
      dryRun: flags.dryRun ?? false,
      failOn: 'never',
    });
    // The audit is information: only an error (exit 2) changes a written rollback's exit code.
    setExitCode((await emitResult(result, { ...flags, repo: repoDirOf(flags) })) === 2 ? 2 : 0);
  });
}

function stepsOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new ConfigError(`--steps must be a positive whole number, got '${value}'`);
  return Number(value);
}
