import { PromoteError } from '../errors.js';
import type { TagHistory } from './history.js';

export interface RollbackInput {
  service: string;
  env: string;
  /** Repo-relative kustomization of the environment's overlay. */
  file: string;
  /** The `images[].name` of the entry to edit. */
  image: string;
  /** What the overlay holds now. */
  current: string | null;
  history: TagHistory;
  /** `--to TAG`: restore this earlier reference. */
  to?: string;
  /** `--steps N`: undo the last N tag changes (default 1). */
  steps?: number;
}

/** What `parity rollback` will write; plain data, computed without touching the disk. */
export interface RollbackPlan {
  service: string;
  env: string;
  file: string;
  image: string;
  from: string | null;
  /** The reference restored. */
  tag: string;
  /** The tag changes undone, newest first; the first is the one the subject names. */
  reverts: Array<{ sha: string; subject: string; tag: string | null }>;
  /** Commits after the oldest reverted change that touched the file without moving the tag: kept. */
  laterCommits: Array<{ sha: string; subject: string }>;
  commitMessage: string;
}

/**
 * Picks the reference to restore from the file's tag history: the one before the last
 * `steps` changes, or the newest earlier change that set `to`. No earlier reference is an error.
 */
export function planRollback(input: RollbackInput): RollbackPlan {
  const changes = input.history.changes;
  const where = { file: input.file };
  if (changes.length === 0) throw new PromoteError(`no commit changed the image ${input.image}; nothing to roll back to`, where);
  const count = input.to !== undefined ? stepsTo(input, where) : (input.steps ?? 1);
  if (!Number.isInteger(count) || count < 1) throw new PromoteError(`--steps must be a positive whole number, got ${count}`, where);
  const undone = changes.slice(0, count);
  const oldest = undone[undone.length - 1]!;
  if (undone.length < count || oldest.previous === null) {
    throw new PromoteError(`no earlier tag of ${input.image} in the history of ${input.file} (it has ${changes.length} tag change${changes.length === 1 ? '' : 's'})`, where);
  }
  const tag = oldest.previous;
  const head = undone[0]!;
  return {
    service: input.service,
    env: input.env,
    file: input.file,
    image: input.image,
    from: input.current,
    tag,
    reverts: undone.map(({ sha, subject, tag: set }) => ({ sha, subject, tag: set })),
    laterCommits: laterCommits(input.history, oldest.sha),
    commitMessage: `rollback(${input.env}): ${input.service} → ${tag} (reverts ${head.sha.slice(0, 12)})`,
  };
}

/** How many changes to undo to get back to `to`: down to the newest change that set it. */
function stepsTo(input: RollbackInput, where: { file: string }): number {
  if (input.to === input.current) throw new PromoteError(`${input.env} already runs ${input.to}`, where);
  const index = input.history.changes.findIndex((change, i) => i > 0 && change.tag === input.to);
  if (index > 0) return index;
  const last = input.history.changes.length - 1;
  if (input.history.changes[last]?.previous === input.to) return last + 1;
  throw new PromoteError(`${input.to} is not an earlier tag of ${input.image} in the history of ${input.file}`, where);
}

/** Commits after `oldest` that touched the file without moving the tag: the rollback keeps their edits. */
function laterCommits(history: TagHistory, oldest: string): Array<{ sha: string; subject: string }> {
  const index = history.commits.findIndex((commit) => commit.sha === oldest);
  const moved = new Set(history.moved);
  return history.commits.slice(0, index).filter((commit) => !moved.has(commit.sha));
}
