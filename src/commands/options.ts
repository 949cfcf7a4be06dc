import { InvalidArgumentError, Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { unknownNameMessage } from '../discover/closest-name.js';
import { findRepoDir } from '../discover/find-repo.js';
import { ConfigError } from '../errors.js';
import { FORMATS, isFormat, type Format } from '../report/formats.js';
import type { FailOn } from '../pipeline/plan.js';
import { addCiOutputOptions, type CiOutputFlags } from './ci-output-options.js';

export interface CommonOptions {
  repo?: string;
  config?: string;
  kustomize?: string;
  timeout?: string;
}

export interface OutputOptions extends CiOutputFlags {
  format: Format;
  out?: string;
  failOn: FailOn;
  quiet?: boolean;
  verbose?: boolean;
}

/** `--repo` and `--config`, which every command takes, plus the renderer override. */
export function addCommonOptions(command: Command): Command {
  return command
    .option('--repo <dir>', 'repository root (default: the nearest folder holding parity.config.yaml, up to the git root; else the working directory)')
    .option('--config <file>', 'config file, relative to the working directory (default: <repo>/parity.config.yaml)')
    .option('--kustomize <path>', 'Kustomize or kubectl binary to render with (or PARITY_KUSTOMIZE)')
    .option('--timeout <seconds>', 'give up on one overlay render or cluster call after this long', '60');
}

export interface RemoteFlags {
  helm?: string;
  allowRemote?: boolean;
  kubeVersion?: string;
  apiVersions?: string[];
}

/** `--helm PATH`, `--allow-remote` and what charts see of the cluster, which every command that renders takes. */
export function addRemoteOptions(command: Command): Command {
  return command
    .option('--helm <path>', 'helm binary for Helm environments and kustomizations with helmCharts: (or PARITY_HELM; default: helm on PATH)')
    .option('--allow-remote', 'let Kustomize fetch remote bases and helm fetch charts not in the repository (default: offline; such renders fail)')
    .option('--kube-version <version>', 'Kubernetes version Helm charts see in .Capabilities.KubeVersion (default 1.31.0)', parseKubeVersion)
    .option('--api-versions <list>', 'extra APIs Helm charts see in .Capabilities.APIVersions, comma-separated (e.g. monitoring.coreos.com/v1)', parseApiVersions);
}

/** The library options of `--helm`, `--allow-remote`, `--kube-version` and `--api-versions`. */
export function remoteOptionsOf(flags: RemoteFlags): { helm?: string; allowRemote?: boolean; kubeVersion?: string; apiVersions?: string[] } {
  return {
    ...optional('helm', flags.helm),
    ...(flags.allowRemote ? { allowRemote: true } : {}),
    ...optional('kubeVersion', flags.kubeVersion),
    ...(flags.apiVersions?.length ? { apiVersions: flags.apiVersions } : {}),
  };
}

function parseKubeVersion(value: string): string {
  if (!/^v?\d+\.\d+(?:\.\d+)?$/.test(value)) throw new InvalidArgumentError('must be a Kubernetes version such as 1.31.0');
  return value.replace(/^v/, '');
}

function parseApiVersions(value: string, previous: string[] | undefined): string[] {
  const apis = value.split(',').map((api) => api.trim()).filter((api) => api !== '');
  const bad = apis.find((api) => !/^[A-Za-z0-9.-]+(?:\/[A-Za-z0-9.-]+)*(?:\/[A-Za-z0-9]+)?$/.test(api));
  if (bad !== undefined || apis.length === 0) throw new InvalidArgumentError('must be API versions such as monitoring.coreos.com/v1, comma-separated');
  return [...(previous ?? []), ...apis];
}

/** `--policy FILE` (repeatable): policy files from anywhere, read after the config's. */
export function addPolicyOption(command: Command): Command {
  return command.option(
    '--policy <file>',
    'also apply this policy file, relative to the working directory; may live outside the repo (repeatable)',
    (file: string, files: string[] = []) => [...files, file],
  );
}

/** Node's timers hold at most 2^31-1 ms; a longer delay would silently fire after 1 ms. */
const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/**
 * `--timeout` in milliseconds: bounds each render and each cluster call. Anything but a
 * plain positive number of seconds up to Node's timer limit is a usage error.
 */
export function timeoutOf(options: CommonOptions): number | undefined {
  if (options.timeout === undefined) return undefined;
  const text = options.timeout.trim();
  const seconds = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : Number.NaN;
  const ms = Math.round(seconds * 1000);
  if (!Number.isFinite(seconds) || ms < 1 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new ConfigError(
      `--timeout must be a number of seconds between 0.001 and ${MAX_TIMEOUT_SECONDS}, got '${options.timeout}'`,
    );
  }
  return ms;
}

/** `--format`, `--out`, `--fail-on`, `--quiet` and `--verbose`, which every reporting command takes. */
export function addOutputOptions(command: Command): Command {
  return addCiOutputOptions(command)
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).argParser(parseFormat).default('human'))
    .option('--out <file>', 'write the report to a file instead of stdout')
    .addOption(
      new Option('--fail-on <level>', 'lowest severity that blocks').choices(['error', 'warning', 'never']).default('error'),
    )
    .addOption(new Option('-q, --quiet', 'print only the verdict line (the report still goes to --out); no warnings or progress').conflicts('verbose'))
    .option('-v, --verbose', 'also say on stderr what was discovered, which renderer ran, cache hits and the time of each phase');
}

/** The working directory-relative repository; see findRepoDir for the walk up to the git root. */
export function repoDirOf(options: CommonOptions): string {
  return findRepoDir(options.repo);
}

export function configFileOf(options: CommonOptions): string | undefined {
  return options.config ? resolve(options.config) : undefined;
}

/** `--format jsn` → "unknown format 'jsn' (did you mean 'json'? …)", the way unknown services read. */
function parseFormat(value: string): Format {
  if (!isFormat(value)) throw new InvalidArgumentError(unknownNameMessage('format', value, FORMATS));
  return value;
}

/** Repeatable options (`--service a --service b`) and comma lists (`--service a,b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((item) => item.trim()).filter(Boolean)];
}

/** `{key: value}` when value is defined, `{}` otherwise (keeps exactOptionalPropertyTypes happy). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

/** `--quiet` replaces the report on stdout with a verdict line: a machine format needs `--out` to go somewhere. */
export function checkOutputOptions(flags: OutputOptions): void {
  if (flags.quiet && flags.format !== 'human' && !flags.out) {
    throw new ConfigError(`--quiet prints only the verdict line: with --format ${flags.format}, write the report with --out FILE`);
  }
}

/** How a command's action hands its exit code back to src/cli.ts. */
export type SetExitCode = (code: number) => void;

/** `--allow-root DIR` (repeatable). */
export function allowRoots(dir: string, dirs: string[] = []): string[] {
  return [...dirs, dir];
}
