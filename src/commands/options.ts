import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { FORMATS, isFormat, type Format } from '../report/index.js';
import type { FailOn } from '../audit/audit.js';
import { addCiOutputOptions, type CiOutputFlags } from './ci-output-options.js';

export interface CommonOptions {
  repo: string;
  config?: string;
  kustomize?: string;
  timeout?: string;
}

export interface OutputOptions extends CiOutputFlags {
  format: Format;
  out?: string;
  failOn: FailOn;
}

/** `--repo` and `--config`, which every command takes, plus the renderer override. */
export function addCommonOptions(command: Command): Command {
  return command
    .option('--repo <dir>', 'repository root', '.')
    .option('--config <file>', 'config file (default: <repo>/parity.config.yaml)')
    .option('--kustomize <path>', 'Kustomize or kubectl binary to render with (or PARITY_KUSTOMIZE)')
    .option('--timeout <seconds>', 'give up on one overlay render or cluster call after this long', '60');
}

/** Node's timers hold at most 2^31-1 ms; a longer delay would silently fire after 1 ms. */
export const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

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

/** `--format`, `--out` and `--fail-on`, which every reporting command takes. */
export function addOutputOptions(command: Command): Command {
  return addCiOutputOptions(command)
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('human'))
    .option('--out <file>', 'write the report to a file instead of stdout')
    .addOption(
      new Option('--fail-on <level>', 'lowest severity that blocks').choices(['error', 'warning', 'never']).default('error'),
    );
}

export function repoDirOf(options: CommonOptions): string {
  return resolve(options.repo);
}

export function configFileOf(options: CommonOptions): string | undefined {
  return options.config ? resolve(options.config) : undefined;
}

export function formatOf(value: string): Format {
  if (!isFormat(value)) throw new ConfigError(`unknown format '${value}' (known: ${FORMATS.join(', ')})`);
  return value;
}

/** Repeatable options (`--service a --service b`) and comma lists (`--service a,b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((item) => item.trim()).filter(Boolean)];
}
