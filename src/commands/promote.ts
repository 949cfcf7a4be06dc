import { Command } from 'commander';
import { promote } from '../promote/promote.js';
import { emitResult } from './emit.js';
import { addGateOptions, gateOptionsOf, type GateFlags } from './gate.js';
import { addCommonOptions, addOutputOptions } from './options.js';

interface PromoteFlags extends GateFlags {
  dryRun?: boolean;
  commit: boolean;
}

export function createPromoteCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('promote')
    .description('run the gate, then write the new tag into the target overlay and commit it')
    .option('--dry-run', 'show the plan and the diff it would write; write nothing')
    .option('--no-commit', 'write the kustomization but do not commit');
  addGateOptions(command);
  addCommonOptions(command);
  addOutputOptions(command);
  return command.action(async (flags: PromoteFlags) => {
    const result = await promote({ ...gateOptionsOf(flags), dryRun: flags.dryRun ?? false, commit: flags.commit });
    setExitCode(await emitResult(result, flags));
  });
}
