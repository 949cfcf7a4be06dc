import type { Command } from 'commander';
import { clustersOf } from './argocd-options.js';
import { addGateOptions, type GateFlags } from './gate.js';
import { addHelp } from './help.js';
import { addCommonOptions, addOutputOptions, checkOutputOptions, repoDirOf, type SetExitCode } from './options.js';

interface PromoteFlags extends GateFlags {
  dryRun?: boolean;
  commit: boolean;
}

export function registerPromote(program: Command, setExitCode: SetExitCode): void {
  const command = program
    .command('promote')
    .description('run the gate, then write the new tag into the target overlay and commit it')
    .option('--dry-run', 'show the plan and the diff it would write; write nothing')
    .option('--no-commit', 'write the kustomization but do not commit');
  addGateOptions(command);
  addCommonOptions(command);
  addOutputOptions(command);
  addHelp(command, [
    'parity promote --service payments-service --from staging --to production --dry-run',
    'parity promote --service payments-service --from staging --to production',
    'parity promote --service payments-service --from dev --to staging --tag sha256:4f1c… --no-commit',
  ]);
  command.action(async (flags: PromoteFlags) => {
    checkOutputOptions(flags);
    const [{ promote }, { gateOptionsOf }, { emitResult }] = await Promise.all([import('../promote/promote.js'), import('./gate-options.js'), import('./emit.js')]);
    const result = await promote({ ...gateOptionsOf(flags), ...(await clustersOf(flags)), dryRun: flags.dryRun ?? false, commit: flags.commit });
    setExitCode(await emitResult(result, { ...flags, repo: repoDirOf(flags) }));
  });
}
