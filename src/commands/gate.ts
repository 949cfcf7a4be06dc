import { Command } from 'commander';
import { gate } from '../gate/gate.js';
import { addCheckOptions, checksOf, type CheckFlags } from './checks.js';
import { emitResult } from './emit.js';
import { optional } from './audit.js';
import { addCommonOptions, addOutputOptions, configFileOf, repoDirOf, type CommonOptions, type OutputOptions } from './options.js';
import { timeoutOf } from './options.js';

export interface GateFlags extends CommonOptions, OutputOptions, CheckFlags {
  service: string;
  from: string;
  to: string;
  tag?: string;
  image?: string;

}

/** The gate flags `promote` shares. */
export function addGateOptions(command: Command): Command {
  command
    .requiredOption('--service <name>', 'service to promote')
    .requiredOption('--from <env>', 'source environment')
    .requiredOption('--to <env>', 'target environment')
    .option('--tag <tag>', 'promote this tag or sha256: digest instead of the one the source runs')
    .option('--image <name>', 'promote only this image (default: every image whose tag differs)')
    .option('--check-health', 'also require the source workloads to be rolled out and Available (live cluster)')
    .option('--soak <duration>', 'with --check-health: how long the source must have been Available; with --check-performance: the shortest window compared', '10m')
    .option('--context <ctx>', 'with --check-health: kubeconfig context of the source environment')
    .option('--kubeconfig <file>', 'with --check-health: kubeconfig file');
  return addCheckOptions(command);
}

export function gateOptionsOf(flags: GateFlags) {
  return {
    repoDir: repoDirOf(flags),
    ...optional('configFile', configFileOf(flags)),
    ...optional('kustomize', flags.kustomize),
    ...optional('timeoutMs', timeoutOf(flags)),
    ...optional('tag', flags.tag),
    ...optional('image', flags.image),
    service: flags.service,
    from: flags.from,
    to: flags.to,
    failOn: flags.failOn,
    checks: checksOf(flags, timeoutOf(flags)),
  };
}

export function createGateCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('gate').description(
    'check a promotion before it is written: source vs the target as it will be after the bump',
  );
  addGateOptions(command);
  addCommonOptions(command);
  addOutputOptions(command);
  return command.action(async (flags: GateFlags) => {
    const { result } = await gate(gateOptionsOf(flags));
    setExitCode(await emitResult(result, flags));
  });
}
