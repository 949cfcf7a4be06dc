import { parse } from 'yaml';
import { runGit } from '../git/run-git.js';

/** One image's reference before and after a commit. */
interface ImageMove {
  /** The image, by the key the caller grouped its names under. */
  image: string;
  /** The reference the commit set (`tag` or `sha256:…`); null when it removed it. */
  tag: string | null;
  /** The reference before the commit; null when there was none. */
  previous: string | null;
}

/** One commit that changed the tag (or digest) of one or more images in an overlay's kustomization. */
export interface TagChange {
  sha: string;
  subject: string;
  /** The images whose reference the commit moved, in the order the caller listed them. */
  moves: ImageMove[];
  /** True for a commit parity wrote (`promote(<env>): …` or `rollback(<env>): …`). */
  byParity: boolean;
  /** For a parity rollback: the changes it undid (its Parity-Reverts trailer). */
  reverts: string[];
}

/** Every commit that touched the file, newest first, and the tag changes among them. */
export interface TagHistory {
  commits: Array<{ sha: string; subject: string }>;
  changes: TagChange[];
  /** Every commit that moved a tag, including rollbacks and what they undid. */
  moved: string[];
}

const SEPARATOR = '\u001f';
const REVERTS = 'Parity-Reverts';

/**
 * The file's history on the current branch (first parent, newest first) and, for each commit,
 * the reference each image holds after it (`images[name ∈ names]`, per key of `images`); a
 * commit where any image's reference differs from the one before is a tag change.
 */
export async function readTagHistory(repoDir: string, file: string, images: ReadonlyMap<string, ReadonlySet<string>>, env: string): Promise<TagHistory> {
  const format = `--format=%H${SEPARATOR}%s${SEPARATOR}%(trailers:key=${REVERTS},valueonly,separator=%x20)`;
  const log = await runGit(repoDir, ['log', '--first-parent', format, 'HEAD', '--', file]);
  const rows = log.stdout.split('\n').filter(Boolean).map((line) => line.split(SEPARATOR));
  const commits = rows.map(([sha, subject]) => ({ sha: sha!, subject: subject ?? '' }));
  const reverted = new Map(rows.map(([sha, subject, trailer]) => [sha!, subject?.startsWith(`rollback(${env}): `) ? (trailer ?? '').split(/\s+/).filter(Boolean) : []]));
  const states = await Promise.all(commits.map((commit) => tagsAt(repoDir, commit.sha, file, images)));
  const changes: TagChange[] = [];
  commits.forEach((commit, index) => {
    const after = states[index]!;
    const before = states[index + 1];
    const moves = [...images.keys()]
      .map((image) => ({ image, tag: after.get(image) ?? null, previous: before?.get(image) ?? null }))
      .filter((move) => move.tag !== move.previous);
    if (moves.length === 0) return;
    changes.push({ ...commit, moves, byParity: isParityCommit(commit.subject, env), reverts: reverted.get(commit.sha) ?? [] });
  });
  return { commits, changes: withoutUndone(changes), moved: changes.map((change) => change.sha) };
}

/** Rollbacks and the changes they undid cancel out: rolling back again goes further back, not forward. */
function withoutUndone(changes: TagChange[]): TagChange[] {
  const undone = new Set(changes.flatMap((change) => change.reverts));
  return changes.filter((change) => change.reverts.length === 0 && !undone.has(change.sha));
}

function isParityCommit(subject: string, env: string): boolean {
  return subject.startsWith(`promote(${env}): `) || subject.startsWith(`rollback(${env}): `);
}

/** The reference each image holds in the kustomization at a commit; absent when unset or unreadable there. */
async function tagsAt(repoDir: string, sha: string, file: string, images: ReadonlyMap<string, ReadonlySet<string>>): Promise<Map<string, string>> {
  const tags = new Map<string, string>();
  const shown = await runGit(repoDir, ['show', '--end-of-options', `${sha}:${file}`], { allow: [128] });
  if (shown.exitCode !== 0) return tags;
  let document: unknown;
  try {
    document = parse(shown.stdout);
  } catch {
    return tags; // YAMLParseError: a commit whose file did not parse holds no readable tag
  }
  const entries = (document as { images?: unknown } | null)?.images;
  if (!Array.isArray(entries)) return tags;
  for (const [image, names] of images) {
    const entry = entries.find((item: unknown) => typeof item === 'object' && item !== null && names.has(String((item as { name?: unknown }).name)));
    const ref = entry ? referenceOf(entry as { newTag?: unknown; digest?: unknown }) : null;
    if (ref !== null) tags.set(image, ref);
  }
  return tags;
}

function referenceOf({ newTag, digest }: { newTag?: unknown; digest?: unknown }): string | null {
  if (digest !== undefined && digest !== null) return String(digest);
  return newTag === undefined || newTag === null ? null : String(newTag);
}
