import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { refuse } from '../bump/refuse.js';
import { GitError } from '../errors.js';
import { commitFiles, unstageFiles } from '../git/commit-files.js';
import { gitRepoState, isDirty } from '../git/repo-state.js';
import { IMAGES_TRAILER, VERSION_TRAILER } from '../promote/apply.js';
import { removeImageEntry, setImageTag } from '../bump/set-image-tag.js';
import { unifiedDiff } from '../promote/unified-diff.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { imageReference, type RollbackPlan } from './plan.js';

const REVERTS_TRAILER = 'Parity-Reverts';
const ROLLED_BACK_FROM_TRAILER = 'Parity-Rolled-Back-From';

export interface RollbackApplied {
  status: 'dry-run' | 'committed';
  commit: string | null;
  diff: string;
}

/**
 * Writes a planned rollback: the restored reference in the overlay's kustomization (only its
 * scalar moves, through promote's tag writer) and one commit with trailers. Refuses outside a
 * work tree, on a detached HEAD and when the file has uncommitted changes; a failed commit
 * restores the file. `dryRun` computes the diff and writes nothing.
 */
export async function applyRollback(plan: RollbackPlan, deps: { repoDir: string; version: string; dryRun: boolean }): Promise<RollbackApplied> {
  const path = join(deps.repoDir, plan.file);
  const original = await readFile(path, 'utf8');
  const updated = rollbackEdit(plan)(original);
  const diff = unifiedDiff(original, updated, plan.file);
  if (deps.dryRun) return { status: 'dry-run', commit: null, diff };
  await checkRepository(plan, deps.repoDir);
  await writeFileAtomic(path, updated);
  const trailers = {
    [REVERTS_TRAILER]: plan.reverts.map((change) => change.sha).join(' '),
    ...rolledBackTrailers(plan),
    [VERSION_TRAILER]: deps.version,
  };
  try {
    return { status: 'committed', commit: await commitFiles(deps.repoDir, [plan.file], plan.commitMessage, trailers), diff };
  } catch (error) {
    await writeFileAtomic(path, original);
    await unstageFiles(deps.repoDir, [plan.file]);
    if (error instanceof GitError) throw refuse({ code: 'ROLLBACK_COMMIT_FAILED', args: { message: error.message, file: plan.file } }, { file: plan.file });
    throw error;
  }
}

/** The rollback's edit of the kustomization's text: only each restored image's tag (or digest) scalar moves. */
export function rollbackEdit(plan: Pick<RollbackPlan, 'file' | 'images'>): (text: string) => string {
  return (text) =>
    plan.images.reduce((edited, image) => {
      if (image.tag === null) return removeImageEntry(edited, plan.file, image.image);
      const ref = image.tag.startsWith('sha256:') ? { digest: image.tag } : { newTag: image.tag };
      return setImageTag(edited, plan.file, image.image, ref);
    }, text);
}

/** What the environment ran and what it runs now: plain references for one image, `image:ref` lists for several. */
function rolledBackTrailers(plan: RollbackPlan): Record<string, string> {
  if (plan.images.length === 1) return plan.from ? { [ROLLED_BACK_FROM_TRAILER]: plan.from } : {};
  const from = plan.images.flatMap((image) => (image.from ? [imageReference(image.image, image.from)] : [])).join(' ');
  return {
    ...(from ? { [ROLLED_BACK_FROM_TRAILER]: from } : {}),
    [IMAGES_TRAILER]: plan.images.map((image) => imageReference(image.image, image.tag)).join(' '),
  };
}

async function checkRepository(plan: RollbackPlan, repoDir: string): Promise<void> {
  const state = await gitRepoState(repoDir);
  if (await isDirty(repoDir, [plan.file])) throw refuse({ code: 'ROLLBACK_DIRTY', args: {} }, { file: plan.file });
  if (state.branch === null) throw refuse({ code: 'ROLLBACK_DETACHED_HEAD', args: {} }, { file: repoDir });
}
