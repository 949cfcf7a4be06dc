import { GitError } from '../errors.js';
import { headCommit } from './repo-state.js';
import { runGit } from './run-git.js';

const TRAILER_KEY = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/** A commit message: the subject, a blank line, then one `Key: value` trailer per line. */
export function formatCommitMessage(message: string, trailers: Record<string, string>): string {
  const lines = Object.entries(trailers).map(([key, value]) => {
    if (!TRAILER_KEY.test(key) || /[\r\n]/.test(value)) throw new GitError(`invalid commit trailer ${key}`);
    return `${key}: ${value}`;
  });
  return `${message.trim()}\n${lines.length > 0 ? `\n${lines.join('\n')}\n` : ''}`;
}

/**
 * Stages `files` (relative to repoDir) and commits exactly them, whatever else is staged,
 * running the repository's hooks. Returns the new commit's SHA.
 */
export async function commitFiles(repoDir: string, files: string[], message: string, trailers: Record<string, string> = {}): Promise<string> {
  if (files.length === 0) throw new GitError('nothing to commit: no files given', { file: repoDir });
  const text = formatCommitMessage(message, trailers);
  await runGit(repoDir, ['add', '--', ...files]);
  await runGit(repoDir, ['commit', '--quiet', '--cleanup=verbatim', '--file=-', '--only', '--', ...files], { input: text });
  return headCommit(repoDir);
}

/** Puts the index entries of `files` back to HEAD's (undoes `git add`). */
export async function unstageFiles(repoDir: string, files: string[]): Promise<void> {
  if (files.length === 0) return;
  await runGit(repoDir, ['reset', '--quiet', 'HEAD', '--', ...files]);
}
