import { GitError } from '../errors.js';
import { runGit } from './run-git.js';

export interface GitRepoState {
  /** Absolute path of the work tree's top level. */
  root: string;
  /** The commit HEAD points at; null in a repository without commits. */
  head: string | null;
  /** The checked-out branch; null when HEAD is detached. */
  branch: string | null;
  /** Root-relative paths with staged, unstaged or untracked changes. */
  dirtyFiles: string[];
}

export async function gitRepoState(repoDir: string): Promise<GitRepoState> {
  const root = (await runGitRepo(repoDir, ['rev-parse', '--show-toplevel'])).trim();
  const head = await headCommitOrNull(repoDir);
  const symbolic = await runGit(repoDir, ['symbolic-ref', '-q', '--short', 'HEAD'], { allow: [1] });
  const status = await runGit(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all']);
  return { root, head, branch: symbolic.exitCode === 0 ? symbolic.stdout.trim() : null, dirtyFiles: parseStatus(status.stdout) };
}

/** True when any of `files` (relative to repoDir) has staged, unstaged or untracked changes. */
export async function isDirty(repoDir: string, files: string[]): Promise<boolean> {
  if (files.length === 0) return false;
  const status = await runGitRepo(repoDir, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...files]);
  return status.length > 0;
}

/** The full SHA HEAD points at. */
export async function headCommit(repoDir: string): Promise<string> {
  const head = await headCommitOrNull(repoDir);
  if (!head) throw new GitError('the repository has no commits yet', { file: repoDir });
  return head;
}

async function headCommitOrNull(repoDir: string): Promise<string | null> {
  const result = await runGit(repoDir, ['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { allow: [1] });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

async function runGitRepo(repoDir: string, args: string[]): Promise<string> {
  try {
    return (await runGit(repoDir, args)).stdout;
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.message)) {
      throw new GitError('not a git repository', { file: repoDir });
    }
    throw error;
  }
}

/** `git status --porcelain=v1 -z`: `XY path`, renames and copies followed by their source path. */
function parseStatus(output: string): string[] {
  const fields = output.split('\0').filter(Boolean);
  const files: string[] = [];
  for (let i = 0; i < fields.length; i += 1) {
    const field = fields[i]!;
    files.push(field.slice(3));
    if (/^[RC]/.test(field)) files.push(fields[(i += 1)]!);
  }
  return files;
}
