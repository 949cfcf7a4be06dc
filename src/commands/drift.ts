import { Command } from 'commander';
import { optional } from './audit.js';
import { emitResult } from './emit.js';
import { addCommonOptions, addOutputOptions, collect, configFileOf, repoDirOf, type CommonOptions, type OutputOptions } from './options.js';
import { timeoutOf } from './options.js';
import { addAllowInsecureHttp } from './kube-flags.js';

interface DriftFlags extends CommonOptions, OutputOptions {
  env: string;
  service?: string[];
  context?: string;
  kubeconfig?: string;
  allowInsecureHttp?: boolean;
}

export function createDriftCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('drift')
    .description('compare an environment as the repo renders it with what runs in the cluster')
    .requiredOption('--env <name>', 'environment to check')
    .option('--service <name>', 'only this service (repeatable)', collect)
    .option('--context <ctx>', 'kubeconfig context (default: the current context)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)');
  addAllowInsecureHttp(command);
  addCommonOptions(command);
  addOutputOptions(command);
  return command.action(async (flags: DriftFlags) => {
    // The Kubernetes client is heavy to load: only `drift` pays for it.
    const { drift } = await import('../drift/drift.js');
    const result = await drift({
      repoDir: repoDirOf(flags),
      ...optional('configFile', configFileOf(flags)),
      ...optional('kustomize', flags.kustomize),
      ...optional('timeoutMs', timeoutOf(flags)),
      ...optional('services', flags.service),
      ...optional('context', flags.context),
      ...optional('kubeconfig', flags.kubeconfig),
      ...optional('allowInsecureHttp', flags.allowInsecureHttp),
      env: flags.env,
      failOn: flags.failOn,
    });
    setExitCode(await emitResult(result, flags));
  });
}
