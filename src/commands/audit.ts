import { Command } from 'commander';
import { audit } from '../audit/audit.js';
import { createProgress } from '../render/progress.js';
import { addClusterOptions, clustersOf, type ClusterFlags } from './argocd-options.js';
import { emitResult } from './emit.js';
import { addCommonOptions, addOutputOptions, collect, configFileOf, repoDirOf, type CommonOptions, type OutputOptions } from './options.js';
import { timeoutOf } from './options.js';

interface AuditFlags extends CommonOptions, OutputOptions, ClusterFlags {
  service?: string[];
  env?: string[];
  pairs: string;
  argocd?: string;
  cache: boolean;
  changedSince?: string;
  shard?: string;
  allowRoot?: string[];
}

export function createAuditCommand(setExitCode: (code: number) => void): Command {
  const command = new Command('audit')
    .description('render every overlay and report the differences between environments')
    .option('--service <name>', 'audit only this service (repeatable)', collect)
    .option('--env <name>', 'audit only these environments (repeatable)', collect)
    .option('--pairs <pairs>', 'chain (neighbours in promotion order), all, or A:B[,C:D]', 'chain')
    .option('--argocd <dir>', 'find services and overlays from the Argo CD Applications in DIR, and audit the Applications too')
    .option('--no-cache', 'render everything again (neither read nor write the render cache)')
    .option('--changed-since <ref>', 'audit only services whose rendered inputs changed since this git ref')
    .option('--shard <k/n>', 'audit only the k-th of n cost-balanced shards (combine them with `parity merge`)')
    .option('--allow-root <dir>', 'let kustomizations, config and policies read from this directory outside the repo (repeatable)', (dir: string, dirs: string[] = []) => [...dirs, dir]);
  addClusterOptions(command);
  addCommonOptions(command);
  addOutputOptions(command);
  return command.action(async (flags: AuditFlags) => {
    const clusters = await clustersOf(flags);
    const progress = progressFor(flags);
    const result = await audit({
      ...(progress ? { onProgress: progress.update } : {}),
      ...(flags.cache ? {} : { noCache: true }),
      onWarning: (message: string) => process.stderr.write(`parity: warning: ${message}\n`),
      ...optional('changedSince', flags.changedSince),
      ...optional('shard', flags.shard),
      repoDir: repoDirOf(flags),
      ...optional('configFile', configFileOf(flags)),
      ...optional('services', flags.service),
      ...optional('envs', flags.env),
      ...optional('kustomize', flags.kustomize),
      ...optional('timeoutMs', timeoutOf(flags)),
      ...optional('argocd', flags.argocd),
      ...clusters,
      ...optional('allowRoots', flags.allowRoot),
      pairs: flags.pairs,
      failOn: flags.failOn,
    }).finally(() => progress?.done());
    setExitCode(await emitResult(result, flags));
  });
}

/** Progress on stderr when it is a terminal and the output is not JSON; silent otherwise. */
function progressFor(flags: AuditFlags): ReturnType<typeof createProgress> | null {
  if (!process.stderr.isTTY || flags.format === 'json') return null;
  return createProgress(process.stderr);
}

/** `{key: value}` when value is defined, `{}` otherwise (keeps exactOptionalPropertyTypes happy). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
