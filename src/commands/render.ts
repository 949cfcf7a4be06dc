import type { Command } from 'commander';
import { resolve } from 'node:path';
import { addClusterOptions, clustersOf, type ClusterFlags } from './argocd-options.js';
import { addHelp } from './help.js';
import {
  addCommonOptions,
  addRemoteOptions,
  allowRoots,
  configFileOf,
  optional,
  remoteOptionsOf,
  repoDirOf,
  timeoutOf,
  type CommonOptions,
  type RemoteFlags,
  type SetExitCode,
} from './options.js';

interface RenderFlags extends CommonOptions, ClusterFlags, RemoteFlags {
  argocd?: string;
  service: string;
  env: string;
  out?: string;
  allowRoot?: string[];
  cache: boolean;
}

export function registerRender(program: Command, setExitCode: SetExitCode): void {
  const command = program
    .command('render')
    .description('print the normalized render of one overlay (secret values redacted), for debugging')
    .requiredOption('--service <name>', 'service')
    .requiredOption('--env <name>', 'environment')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--no-cache', 'render again (neither read nor write the render cache)')
    .option('--allow-root <dir>', 'let kustomizations, config and policies read from this directory outside the repo (repeatable)', allowRoots)
    .option('--argocd <dir>', 'find the service and its environments from the Argo CD Applications in DIR (relative to the working directory)');
  addClusterOptions(command);
  addCommonOptions(command);
  addRemoteOptions(command);
  addHelp(
    command,
    [
      'parity render --service payments-service --env production',
      'parity render --service payments-service --env staging --out staging.yaml',
      'parity render --service payments-service --env production --argocd argocd/',
    ],
    [
      ['0', 'rendered'],
      ['2', 'usage, config or render error'],
    ],
  );
  command.action(async (flags: RenderFlags) => {
    const [{ stringify }, { renderNormalized }, { writeReport, printError }] = await Promise.all([
      import('yaml'),
      import('../audit/render-normalized.js'),
      import('../report/write-report.js'),
    ]);
    const resources = await renderNormalized({
      repoDir: repoDirOf(flags),
      ...optional('configFile', configFileOf(flags)),
      ...optional('kustomize', flags.kustomize),
      ...remoteOptionsOf(flags),
      ...optional('timeoutMs', timeoutOf(flags)),
      ...optional('allowRoots', flags.allowRoot),
      ...optional('argocd', flags.argocd === undefined ? undefined : resolve(flags.argocd)),
      ...(await clustersOf(flags)),
      ...(flags.cache ? {} : { noCache: true }),
      onWarning: (message: string) => printError(`parity: warning: ${message}`),
      service: flags.service,
      env: flags.env,
    });
    const text = resources.map((resource) => `# ${resource.key}\n${stringify(resource.object)}`).join('---\n');
    await writeReport(text, flags.out);
    setExitCode(0);
  });
}
