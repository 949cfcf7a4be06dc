import type { Command } from 'commander';
import { addClusterOptions, clustersOf, type ClusterFlags } from './argocd-options.js';
import { addCheckOptions, type CheckFlags } from './check-options.js';
import { addHelp } from './help.js';
import { addAllowInsecureHttp } from './kube-flags.js';
import {
  addCommonOptions,
  addOutputOptions,
  addPolicyOption,
  addRemoteOptions,
  checkOutputOptions,
  repoDirOf,
  type CommonOptions,
  type OutputOptions,
  type RemoteFlags,
  type SetExitCode,
} from './options.js';

export interface GateFlags extends CommonOptions, OutputOptions, CheckFlags, ClusterFlags, RemoteFlags {
  argocd?: string;
  service: string;
  from: string;
  to: string;
  tag?: string;
  image?: string;
  policy?: string[];
  cache: boolean;
}

/** The gate flags `promote` shares. */
export function addGateOptions(command: Command): Command {
  command
    .requiredOption('--service <name>', 'service to promote')
    .requiredOption('--from <env>', 'source environment')
    .requiredOption('--to <env>', 'target environment')
    .option('--tag <tag>', 'promote this tag or sha256: digest instead of the one the source runs')
    .option('--image <name>', 'promote only this image, or for a Helm service this values key (default: every image whose tag differs)')
    .option('--check-health', 'also require the source workloads to be rolled out and Available (live cluster)')
    .option('--soak <duration>', 'with --check-health: how long the source must have been Available; with --check-performance: the shortest window compared', '10m')
    .option('--context <ctx>', 'with --check-health: kubeconfig context of the source environment')
    .option('--kubeconfig <file>', 'with --check-health: kubeconfig file')
    .option('--no-cache', 'render everything again (neither read nor write the render cache)')
    .option('--argocd <dir>', 'find the service and its environments from the Argo CD Applications in DIR (relative to the working directory), and compare the Applications too');
  addClusterOptions(command);
  addAllowInsecureHttp(command);
  addCheckOptions(command);
  addRemoteOptions(command);
  return addPolicyOption(command);
}

export function registerGate(program: Command, setExitCode: SetExitCode): void {
  const command = program
    .command('gate')
    .description('check a promotion before it is written: source vs the target as it will be after the bump');
  addGateOptions(command);
  addCommonOptions(command);
  addOutputOptions(command);
  addHelp(command, [
    'parity gate --service payments-service --from staging --to production',
    'parity gate --service payments-service --from staging --to production --tag 1.4.2 --format markdown --out gate.md',
    'parity gate --service payments-service --from staging --to production --check-health --context staging --soak 30m',
  ]);
  command.action(async (flags: GateFlags) => {
    checkOutputOptions(flags);
    const [{ gate }, { gateOptionsOf }, { emitResult }] = await Promise.all([import('../gate/gate.js'), import('./gate-options.js'), import('./emit.js')]);
    const { result } = await gate({ ...gateOptionsOf(flags), ...(await clustersOf(flags)) });
    setExitCode(await emitResult(result, { ...flags, repo: repoDirOf(flags) }));
  });
}
