import { refuse } from '../bump/refuse.js';
import { ConfigError } from '../errors.js';
import { formatReference } from '../images/reference.js';
import type { TagChange, TagHistory } from './history.js';

/** One image of the rolled-back environment: its `images[].name` entry and what the overlay holds now. */
interface RollbackImage {
  image: string;
  current: string | null;
}

export interface RollbackInput {
  service: string;
  env: string;
  /** Repo-relative kustomization of the environment's overlay. */
  file: string;
  /** The images the rollback may restore, the service's own first (one with `--image`). */
  images: RollbackImage[];
  history: TagHistory;
  /** `--to TAG`: restore this earlier reference (of the only image). */
  to?: string;
  /** `--steps N`: undo the last N tag changes (default 1). */
  steps?: number;
}

/** One image the rollback moves back. */
interface RestoredImage {
  image: string;
  /** The reference the environment ran before the rollback. */
  from: string | null;
  /** The reference restored; null: the entry the undone change added is removed, and the rest of the chain decides again. */
  tag: string | null;
}

/**
 * What `parity rollback` will write; plain data, computed without touching the disk. The
 * top-level image, from and tag describe the first restored image; `images` lists them all.
 */
export interface RollbackPlan extends RestoredImage {
  service: string;
  env: string;
  file: string;
  images: RestoredImage[];
  /** The tag changes undone, newest first; the first is the one the subject names. */
  reverts: Array<{ sha: string; subject: string; tag: string | null }>;
  /** Commits after the oldest reverted change that touched the file without moving a tag: kept. */
  laterCommits: Array<{ sha: string; subject: string }>;
  commitMessage: string;
}

/**
 * Undoes the last `steps` tag changes (a multi-image promotion is one change: all its images go
 * back together), or goes back to the newest earlier change that set `to`. Each image those
 * changes moved returns to the reference it held before the oldest of them; no earlier
 * reference is an error.
 */
export function planRollback(input: RollbackInput): RollbackPlan {
  const changes = input.history.changes;
  const where = { file: input.file };
  const several = input.images.length > 1;
  const names = input.images.map((image) => image.image);
  if (changes.length === 0) throw refuse({ code: 'ROLLBACK_NO_CHANGES', args: { images: names } }, where);
  const count = input.to !== undefined ? stepsTo(input, input.to, where) : (input.steps ?? 1);
  if (!Number.isInteger(count) || count < 1) throw refuse({ code: 'ROLLBACK_INVALID_STEPS', args: { steps: count } }, where);
  const undone = changes.slice(0, count);
  if (undone.length < count) {
    throw refuse({ code: 'ROLLBACK_TOO_FEW_CHANGES', args: { images: names, file: input.file, changes: changes.length } }, where);
  }
  const images = restoredImages(input, undone, where);
  const first = images[0]!;
  const head = undone[0]!;
  const target = several ? images.map((image) => imageReference(image.image, image.tag)).join(', ') : (first.tag ?? `${first.image} as the rest of the chain sets it`);
  return {
    ...first,
    service: input.service,
    env: input.env,
    file: input.file,
    images,
    reverts: undone.map((change) => ({ sha: change.sha, subject: change.subject, tag: describeMoves(change, several) })),
    laterCommits: laterCommits(input.history, undone[undone.length - 1]!.sha),
    commitMessage: `rollback(${input.env}): ${input.service} → ${target} (reverts ${head.sha.slice(0, 12)})`,
  };
}

/** Each image the undone changes moved, back at what it held before the oldest of them. */
function restoredImages(input: RollbackInput, undone: TagChange[], where: { file: string }): RestoredImage[] {
  const restored: RestoredImage[] = [];
  for (const { image, current } of input.images) {
    const oldest = undone.findLast((change) => change.moves.some((move) => move.image === image));
    const move = oldest?.moves.find((candidate) => candidate.image === image);
    if (!move) continue;
    // An entry a later commit added (a promotion into an entry-less overlay) is removed again;
    // an entry the file was created with has nothing before it.
    if (move.previous === null && oldest!.sha === fileCreatedIn(input.history)) {
      throw refuse({ code: 'ROLLBACK_FIRST_TAG', args: { image, file: input.file, commit: oldest!.sha } }, where);
    }
    if (move.previous !== current) restored.push({ image, from: current, tag: move.previous });
  }
  if (restored.length === 0) {
    throw refuse({ code: 'ROLLBACK_NOTHING_TO_ROLL_BACK', args: { env: input.env, changes: undone.length } }, where);
  }
  return restored;
}

/** How many changes to undo to get back to `to`: down to the newest change that set it. */
function stepsTo(input: RollbackInput, to: string, where: { file: string }): number {
  if (input.images.length !== 1) {
    throw new ConfigError(`--to names one image's tag, and ${input.file} sets several (${input.images.map((image) => image.image).join(', ')}); choose one with --image`);
  }
  const [{ image, current }] = input.images as [RollbackImage];
  if (to === current) throw refuse({ code: 'ROLLBACK_ALREADY_RUNS', args: { env: input.env, tag: to } }, where);
  const sets = (change: TagChange | undefined, field: 'tag' | 'previous'): boolean => change?.moves.some((move) => move[field] === to) ?? false;
  const index = input.history.changes.findIndex((change, i) => i > 0 && sets(change, 'tag'));
  if (index > 0) return index;
  const last = input.history.changes.length - 1;
  if (sets(input.history.changes[last], 'previous')) return last + 1;
  throw refuse({ code: 'ROLLBACK_NOT_AN_EARLIER_TAG', args: { tag: to, image, file: input.file } }, where);
}

/** What a change set: its one tag, or `image:tag` for each image it moved when the overlay sets several. */
function describeMoves(change: TagChange, several: boolean): string | null {
  if (!several) return change.moves[0]?.tag ?? null;
  return change.moves.map((move) => imageReference(move.image, move.tag)).join(', ');
}

/** `name:tag`, or `name@sha256:…` for a digest, as Kustomize prints a reference; a removed entry says so. */
export function imageReference(image: string, ref: string | null): string {
  if (ref === null) return `${image} (images: entry removed)`;
  return formatReference({ repository: image, ...(ref.startsWith('sha256:') ? { digest: ref } : { tag: ref }) });
}

/** The commit that created the file on this branch: the oldest in its history. */
function fileCreatedIn(history: TagHistory): string | undefined {
  return history.commits[history.commits.length - 1]?.sha;
}

/** Commits after `oldest` that touched the file without moving a tag: the rollback keeps their edits. */
function laterCommits(history: TagHistory, oldest: string): Array<{ sha: string; subject: string }> {
  const index = history.commits.findIndex((commit) => commit.sha === oldest);
  const moved = new Set(history.moved);
  return history.commits.slice(0, index).filter((commit) => !moved.has(commit.sha));
}
