import { ConfigError } from '../errors.js';
import { readResultFile } from '../io/read-result.js';
import type { AuditResult, RunIdentity } from '../types.js';

/**
 * `--baseline FILE`: an earlier parity JSON result of the same repository. A file that is not a
 * parity result (schema version 1), records no repository, or records another one is a
 * ConfigError naming the file: a comparison parity cannot vouch for is never printed.
 */
export async function readBaseline(file: string, run: RunIdentity | undefined): Promise<AuditResult> {
  const baseline = await readResultFile(file);
  const problem = identityProblem(recordedRepo(baseline), run?.repo ?? null);
  if (problem) throw new ConfigError(`--baseline: ${problem}`, { file });
  return baseline;
}

/** The repository a result records: its run, else (a shard of a sharded run) its shard. */
export function recordedRepo(result: AuditResult): string | null {
  const run = result.run as Partial<RunIdentity> | undefined;
  if (typeof run?.repo === 'string') return run.repo;
  return typeof result.shard?.repo === 'string' ? result.shard.repo : null;
}

/** Why an earlier result cannot be compared with this run's repository, or null when it can. */
export function identityProblem(recorded: string | null, current: string | null): string | null {
  if (current === null) return 'the audited directory is not a git repository, so parity cannot tell whether the result belongs to it';
  if (recorded === null) return 'the result records no repository (written by an older parity, or merged from shards); it cannot be compared';
  if (recorded !== current) return `the result is of another repository (${recorded}, this is ${current})`;
  return null;
}
