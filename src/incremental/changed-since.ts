import { dirname, join, resolve } from 'node:path';
import { chainInputPaths } from '../cache/chain-inputs.js';
import { FileStates } from '../cache/file-state.js';
import { ParityError } from '../errors.js';
import { resolveCommit } from '../git/resolve-ref.js';
import { runGit } from '../git/run-git.js';
import { readChainWalk, summarizeWalk } from '../chain/read-chain.js';
import type { HelmSource, ParityConfig, ServiceSpec } from '../types.js';

export interface Skipped {
  service: string;
  reason: string;
}

/**
 * Absolute paths that differ between `ref` and the working tree (tracked changes, deletions,
 * untracked files). The ref is resolved to a commit first (never passed to git as an option).
 */
async function changedPaths(repoDir: string, ref: string): Promise<Set<string>> {
  const top = (await runGit(repoDir, ['rev-parse', '--show-toplevel'])).stdout.trim();
  const commit = await resolveCommit(top, ref, '--changed-since');
  const diff = await runGit(top, ['diff', '--name-only', '--no-renames', '-z', commit, '--']);
  const untracked = await runGit(top, ['ls-files', '--others', '--exclude-standard', '-z']);
  const names = `${diff.stdout}\u0000${untracked.stdout}`.split('\u0000').filter(Boolean);
  return new Set(names.map((name) => resolve(top, name)));
}

/**
 * The services whose rendered inputs changed since `ref`: a changed file the chain of any of
 * their overlays reads (a base shared by several services selects them all), or a change in a
 * directory of that chain. A change to parity's config or policies selects every service.
 */
export async function selectChanged(
  services: ServiceSpec[],
  config: ParityConfig,
  repoDir: string,
  ref: string,
): Promise<{ selected: ServiceSpec[]; skipped: Skipped[] }> {
  const changed = await changedPaths(repoDir, ref);
  if (touchesSettings(changed, config, repoDir)) return { selected: services, skipped: [] };
  const files = new FileStates();
  const selected: ServiceSpec[] = [];
  const skipped: Skipped[] = [];
  for (const service of services) {
    if (await serviceChanged(service, changed, repoDir, files)) selected.push(service);
    else skipped.push({ service: service.name, reason: `no rendered input changed since ${ref}` });
  }
  return { selected, skipped };
}

/**
 * A chain parity cannot read (a known error, or a file system error such as EACCES) is no
 * reason to skip: the audit reports it. Anything else is a bug and propagates.
 */
function unreadable(error: unknown): null {
  if (error instanceof ParityError || (error instanceof Error && 'code' in error && typeof error.code === 'string')) return null;
  throw error;
}

async function serviceChanged(service: ServiceSpec, changed: Set<string>, repoDir: string, files: FileStates): Promise<boolean> {
  for (const env of service.envs) {
    const overlay = service.overlays[env]!;
    if (overlay.helm) {
      if (helmChanged(overlay.helm, changed, repoDir)) return true;
      continue;
    }
    const walk = await readChainWalk(overlay.dir, repoDir).catch(unreadable);
    if (!walk) return true; // unreadable now: audit it, the audit reports why
    const chain = await summarizeWalk(walk, repoDir, overlay.dir);
    const paths = new Set(walk.root ? chainInputPaths(walk, chain, repoDir, files) : [overlay.dir, ...chain.inputs.map((input) => join(repoDir, input))]);
    for (const path of changed) if (paths.has(path) || paths.has(dirname(path))) return true;
  }
  return false;
}

/**
 * A Helm environment reads every file of its chart (templates, values.yaml, vendored charts/),
 * its values files, and the declaration that names them (the Argo CD Application or the config).
 */
function helmChanged(helm: HelmSource, changed: Set<string>, repoDir: string): boolean {
  const chartDir = resolve(repoDir, helm.chartDir);
  const files = new Set([...helm.valuesFiles, helm.declaredIn.file].map((file) => resolve(repoDir, file)));
  return [...changed].some((path) => files.has(path) || (!helm.remote && path.startsWith(`${chartDir}/`)));
}

function touchesSettings(changed: Set<string>, config: ParityConfig, repoDir: string): boolean {
  const roots = [...config.policies, ...(config.file ? [config.file] : [])].map((path) => resolve(repoDir, path));
  return [...changed].some((path) => roots.some((root) => path === root || path.startsWith(`${root}/`)));
}
