import type { Command } from 'commander';
import { resolve } from 'node:path';
import { addClusterOptions, clustersOf, type ClusterFlags } from './argocd-options.js';
import { addHelp } from './help.js';
import { addAllowInsecureHttp } from './kube-flags.js';
import {
  addCommonOptions,
  addOutputOptions,
  addPolicyOption,
  addRemoteOptions,
  checkOutputOptions,
  collect,
  configFileOf,
  optional,
  remoteOptionsOf,
  repoDirOf,
  timeoutOf,
  type CommonOptions,
  type OutputOptions,
  type RemoteFlags,
  type SetExitCode,
} from './options.js';

interface DriftFlags extends CommonOptions, OutputOptions, ClusterFlags, RemoteFlags {
  argocd?: string;
  env: string;
  service?: string[];
  context?: string;
  kubeconfig?: string;
  policy?: string[];
  allowInsecureHttp?: boolean;
}

export function registerDrift(program: Command, setExitCode: SetExitCode): void {
  const command = program
    .command('drift')
    .description('compare an environment as the repo renders it with what runs in the cluster')
    .requiredOption('--env <name>', 'environment to check')
    .option('--service <name>', 'only this service (repeatable)', collect)
    .option('--context <ctx>', 'kubeconfig context (default: the current context)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--argocd <dir>', 'find services from the Argo CD Applications in DIR (relative to the working directory) and honour their ignoreDifferences');
  addPolicyOption(command);
  addClusterOptions(command);
  addAllowInsecureHttp(command);
  addCommonOptions(command);
  addRemoteOptions(command);
  addOutputOptions(command);
  addHelp(command, [
    'parity drift --env production --context prod-eu',
    'parity drift --env staging --service payments-service --kubeconfig ~/.kube/staging.yaml',
    'parity drift --env production --argocd argocd/ --format json --out drift.json',
  ]);
  command.action(async (flags: DriftFlags) => {
    checkOutputOptions(flags);
    // The Kubernetes client is heavy to load: only `drift` pays for it, and only when it runs.
    const [{ drift }, { emitResult }, { runHooks }] = await Promise.all([import('../drift/drift.js'), import('./emit.js'), import('./run-hooks.js')]);
    const clusters = await clustersOf(flags);
    const result = await drift({
      ...optional('argocd', flags.argocd === undefined ? undefined : resolve(flags.argocd)),
      ...clusters,
      repoDir: repoDirOf(flags),
      ...optional('configFile', configFileOf(flags)),
      ...optional('kustomize', flags.kustomize),
      ...remoteOptionsOf(flags),
      ...optional('timeoutMs', timeoutOf(flags)),
      ...optional('services', flags.service),
      ...optional('context', flags.context),
      ...optional('kubeconfig', flags.kubeconfig),
      ...optional('policyFiles', flags.policy),
      ...runHooks(flags),
      ...optional('allowInsecureHttp', flags.allowInsecureHttp),
      env: flags.env,
      failOn: flags.failOn,
    });
    setExitCode(await emitResult(result, { ...flags, repo: repoDirOf(flags) }));
  });
}
