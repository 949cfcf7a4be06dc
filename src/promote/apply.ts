import { lstat, readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { GitError, PromoteError } from '../errors.js';
import { commitFiles, unstageFiles } from '../git/commit-files.js';
import { gitRepoState, isDirty } from '../git/repo-state.js';
import { valuesTextSecrets } from '../helm/values-secrets.js';
import { bumpTarget } from '../bump/bump-text.js';
import { refuse } from '../bump/refuse.js';
import { formatBump, type PromotionPlan } from '../bump/plan.js';
import { unifiedDiff } from './unified-diff.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import type { TargetDocument } from '../reason-args.js';

const AUDITED_COMMIT_TRAILER = 'Parity-Audited-Commit';
export const VERSION_TRAILER = 'Parity-Version';
/** Every image the commit promotes, `name:tag` (or `name@digest`), space-separated. */
export const IMAGES_TRAILER = 'Parity-Images';

export interface ApplyDeps {
  repoDir: string;
  /** false = `--no-commit`: write the file, commit nothing. */
  commit: boolean;
  /** `--dry-run`: compute the edit and its diff, write nothing, ask git nothing. */
  dryRun?: boolean;
  /** parity's version, recorded in the commit. */
  version: string;
  /** The commit the gate audited; HEAD must still be it when committing. */
  auditedCommit: string;
}

export interface ApplyResult {
  /** `noop`: nothing to promote (exit 0); `dry-run`: nothing written; `written`: file only; `committed`. */
  status: 'noop' | 'dry-run' | 'written' | 'committed';
  file: string;
  commit: string | null;
  /** Unified diff of the target kustomization or values file ('' for a noop). */
  diff: string;
}

/**
 * Writes a planned promotion: refuses (PromoteError, nothing changed) outside a git work tree,
 * on a detached HEAD or a moved HEAD when committing, and when the file has uncommitted
 * changes; writes atomically; commits only that file. A failed commit restores the file's
 * bytes and its index entry. A noop plan returns status `noop` without touching anything.
 */
export async function applyPromotion(plan: PromotionPlan, deps: ApplyDeps): Promise<ApplyResult> {
  const result = { file: plan.file, commit: null, diff: '' };
  if (plan.action === 'noop') return { ...result, status: 'noop' };
  const path = resolveInside(deps.repoDir, plan);
  const original = await readOriginal(path, plan);
  const updated = bumpTarget(original.toString('utf8'), plan);
  const diff = unifiedDiff(original.toString('utf8'), updated, plan.file, diffSecrets(plan, original.toString('utf8'), updated));
  if (deps.dryRun) return { ...result, diff, status: 'dry-run' };
  await checkRepository(plan, deps);
  await writeFileAtomic(path, updated);
  if (!deps.commit) return { ...result, diff, status: 'written' };
  const commit = await commitOrRestore(plan, deps, { path, original });
  return { ...result, diff, commit, status: 'committed' };
}

/** What the written file is, for messages. */
function targetOf(plan: Pick<PromotionPlan, 'kind'>): TargetDocument {
  return plan.kind === 'helm' ? 'values file' : 'kustomization';
}

/** A values file's credentials stay out of the diff's context lines. */
function diffSecrets(plan: PromotionPlan, before: string, after: string): string[] {
  return plan.kind === 'helm' ? [...valuesTextSecrets(before), ...valuesTextSecrets(after)] : [];
}

function resolveInside(repoDir: string, plan: PromotionPlan): string {
  const file = plan.file;
  const path = resolve(repoDir, file);
  const rel = relative(resolve(repoDir), path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw refuse({ code: 'PROMOTE_OUTSIDE_REPO', args: { target: targetOf(plan) } }, { file });
  return path;
}

async function readOriginal(path: string, plan: PromotionPlan): Promise<Buffer> {
  const file = plan.file;
  try {
    if ((await lstat(path)).isSymbolicLink()) throw refuse({ code: 'PROMOTE_SYMLINK', args: { target: targetOf(plan) } }, { file });
    return await readFile(path);
  } catch (error) {
    if (error instanceof PromoteError) throw error;
    throw refuse({ code: 'PROMOTE_UNREADABLE', args: { target: targetOf(plan), error: (error as NodeJS.ErrnoException).code ?? String(error) } }, { file });
  }
}

async function checkRepository(plan: PromotionPlan, deps: ApplyDeps): Promise<void> {
  const state = await refuseOnGitError(() => gitRepoState(deps.repoDir), deps.repoDir);
  if (await isDirty(deps.repoDir, [plan.file])) {
    throw refuse({ code: 'PROMOTE_DIRTY', args: {} }, { file: plan.file });
  }
  if (!deps.commit) return;
  if (state.branch === null) throw refuse({ code: 'PROMOTE_DETACHED_HEAD', args: {} }, { file: deps.repoDir });
  if (!state.head || !sameCommit(state.head, deps.auditedCommit)) {
    throw refuse({ code: 'PROMOTE_HEAD_MOVED', args: { audited: deps.auditedCommit, head: state.head ?? null } }, { file: deps.repoDir });
  }
}

function sameCommit(head: string, audited: string): boolean {
  return audited.length >= 7 && head.startsWith(audited.toLowerCase());
}

async function refuseOnGitError<T>(run: () => Promise<T>, repoDir: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof GitError) throw refuse({ code: 'PROMOTE_GIT_FAILED', args: { message: error.message } }, { file: error.file ?? repoDir });
    throw error;
  }
}

async function commitOrRestore(plan: PromotionPlan, deps: ApplyDeps, before: { path: string; original: Buffer }): Promise<string> {
  const images = plan.images.filter((bump) => bump.action !== 'noop').map(formatBump).join(' ');
  const trailers = { [AUDITED_COMMIT_TRAILER]: deps.auditedCommit, [IMAGES_TRAILER]: images, [VERSION_TRAILER]: deps.version };
  try {
    return await commitFiles(deps.repoDir, [plan.file], plan.commitMessage, trailers);
  } catch (error) {
    await writeFileAtomic(before.path, before.original);
    await unstageFiles(deps.repoDir, [plan.file]);
    if (error instanceof GitError) throw refuse({ code: 'PROMOTE_COMMIT_FAILED', args: { message: error.message, file: plan.file } }, { file: plan.file });
    throw error;
  }
}
