import type { Command } from 'commander';
import { resolve } from 'node:path';
import { addClusterOptions, clustersOf, type ClusterFlags } from './argocd-options.js';
import { addHelp } from './help.js';
import { addReportOptions, reportInputsOf } from './report-options.js';
import {
  addCommonOptions,
  addOutputOptions,
  addRemoteOptions,
  addPolicyOption,
  allowRoots,
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


interface AuditFlags extends CommonOptions, OutputOptions, ClusterFlags, RemoteFlags {
  service?: string[];
  env?: string[];
  pairs: string;
  argocd?: string;
  cache: boolean;
  changedSince?: string;
  shard?: string;
  allowRoot?: string[];
  policy?: string[];
  baseline?: string;
  history?: string;
  sourceUrl?: string;
}

/** `parity audit`: what it takes is defined here; what it runs is loaded when it runs. */
export function registerAudit(program: Command, setExitCode: SetExitCode): void {
  const command = program
    .command('audit')
    .description('render every overlay and report the differences between environments')
    .option('--service <name>', 'audit only this service (repeatable)', collect)
    .option('--env <name>', 'audit only these environments (repeatable)', collect)
    .option('--pairs <pairs>', 'chain (neighbours in promotion order), all, or A:B[,C:D]', 'chain')
    .option('--argocd <dir>', 'find services and overlays from the Argo CD Applications in DIR (relative to the working directory), and audit the Applications too')
    .option('--no-cache', 'render everything again (neither read nor write the render cache)')
    .option('--changed-since <ref>', 'audit only services whose rendered inputs changed since this git ref')
    .option('--shard <k/n>', 'audit only the k-th of n cost-balanced shards (combine them with `parity merge`)')
    .option('--allow-root <dir>', 'let kustomizations, config and policies read from this directory outside the repo (repeatable)', allowRoots);
  addPolicyOption(command);
  addClusterOptions(command);
  addReportOptions(command);
  addCommonOptions(command);
  addRemoteOptions(command);
  addOutputOptions(command);
  addHelp(command, [
    'parity audit',
    'parity audit --service payments-service --pairs staging:production',
    'parity audit --changed-since origin/main --format sarif --out parity.sarif --quiet',
  ]);
  command.action(async (flags: AuditFlags) => setExitCode(await runAudit(flags)));
}

async function runAudit(flags: AuditFlags): Promise<number> {
  checkOutputOptions(flags);
  const [{ audit }, { emitResult }, { runHooks }, { prepareReport }] = await Promise.all([
    import('../audit/audit.js'),
    import('./emit.js'),
    import('./run-hooks.js'),
    import('../baseline/prepare-report.js'),
  ]);
  const clusters = await clustersOf(flags);
  const progress = await progressFor(flags);
  const result = await audit({
    ...(progress ? { onProgress: progress.update } : {}),
    ...(flags.cache ? {} : { noCache: true }),
    ...runHooks(flags),
    ...optional('changedSince', flags.changedSince),
    ...optional('shard', flags.shard),
    repoDir: repoDirOf(flags),
    ...optional('configFile', configFileOf(flags)),
    ...optional('services', flags.service),
    ...optional('envs', flags.env),
    ...optional('kustomize', flags.kustomize),
    ...remoteOptionsOf(flags),
    ...optional('timeoutMs', timeoutOf(flags)),
    // Like --config, --argocd is relative to the working directory, not to the repo.
    ...optional('argocd', flags.argocd === undefined ? undefined : resolve(flags.argocd)),
    ...clusters,
    ...optional('allowRoots', flags.allowRoot),
    ...optional('policyFiles', flags.policy),
    pairs: flags.pairs,
    failOn: flags.failOn,
  }).finally(() => progress?.done());
  const report = await prepareReport(result, reportInputsOf(flags));
  return emitResult(report.result, { ...flags, repo: repoDirOf(flags) }, report.html);
}

/** Progress on stderr when it is a terminal and the output is neither JSON nor quiet; silent otherwise. */
async function progressFor(flags: AuditFlags) {
  if (!process.stderr.isTTY || flags.format === 'json' || flags.quiet) return null;
  const { createProgress } = await import('../render/progress.js');
  return createProgress(process.stderr);
}
