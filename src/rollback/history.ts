import { parse } from 'yaml';
import { runGit } from '../git/run-git.js';

/** One commit that changed the image tag (or digest) in an overlay's kustomization. */
export interface TagChange {
  sha: string;
  subject: string;
  /** The reference the commit set (`tag` or `sha256:…`); null when it removed it. */
  tag: string | null;
  /** The reference before the commit; null when there was none. */
  previous: string | null;
  /** True for a commit parity wrote (`promote(<env>): …` or `rollback(<env>): …`). */
  byParity: boolean;
  /** For a parity rollback: the changes it undid (its Parity-Reverts trailer). */
  reverts: string[];
}

/** Every commit that touched the file, newest first, and the tag changes among them. */
export interface TagHistory {
  commits: Array<{ sha: string; subject: string }>;
  changes: TagChange[];
  /** Every commit that moved the tag, including rollbacks and what they undid. */
  moved: string[];
}

const SEPARATOR = '\u001f';
const REVERTS = 'Parity-Reverts';

/**
 * The file's history on the current branch (first parent, newest first) and, for each commit,
 * the reference `images[name ∈ names]` holds after it; a commit whose reference differs from
 * the one before is a tag change.
 */
export async function readTagHistory(repoDir: string, file: string, names: ReadonlySet<string>, env: string): Promise<TagHistory> {
  const format = `--format=%H${SEPARATOR}%s${SEPARATOR}%(trailers:key=${REVERTS},valueonly,separator=%x20)`;
  const log = await runGit(repoDir, ['log', '--first-parent', format, 'HEAD', '--', file]);
  const rows = log.stdout.split('\n').filter(Boolean).map((line) => line.split(SEPARATOR));
  const commits = rows.map(([sha, subject]) => ({ sha: sha!, subject: subject ?? '' }));
  const reverted = new Map(rows.map(([sha, subject, trailer]) => [sha!, subject?.startsWith(`rollback(${env}): `) ? (trailer ?? '').split(/\s+/).filter(Boolean) : []]));
  const tags = await Promise.all(commits.map((commit) => tagAt(repoDir, commit.sha, file, names)));
  const changes: TagChange[] = [];
  commits.forEach((commit, index) => {
    const tag = tags[index]!;
    const previous = tags[index + 1] ?? null;
    if (tag === previous) return;
    changes.push({ ...commit, tag, previous, byParity: isParityCommit(commit.subject, env), reverts: reverted.get(commit.sha) ?? [] });
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

/** The reference the kustomization holds at a commit; null when absent or unreadable there. */
async function tagAt(repoDir: string, sha: string, file: string, names: ReadonlySet<string>): Promise<string | null> {
  const shown = await runGit(repoDir, ['show', '--end-of-options', `${sha}:${file}`], { allow: [128] });
  if (shown.exitCode !== 0) return null;
  let document: unknown;
  try {
    document = parse(shown.stdout);
  } catch {
    return null; // a commit whose file did not parse holds no readable tag
  }
  const images = (document as { images?: unknown } | null)?.images;
  if (!Array.isArray(images)) return null;
  const entry = images.find((item: unknown) => typeof item === 'object' && item !== null && names.has(String((item as { name?: unknown }).name)));
  if (!entry) return null;
  const { newTag, digest } = entry as { newTag?: unknown; digest?: unknown };
  if (digest !== undefined && digest !== null) return String(digest);
  return newTag === undefined || newTag === null ? null : String(newTag);
}
