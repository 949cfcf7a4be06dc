import { GitError } from '../errors.js';
import { runGit } from './run-git.js';

/**
 * The commit a user-supplied ref names, as a full SHA. The ref reaches git only after
 * `--end-of-options`, so `--output=FILE` is a ref name, never an option. A ref that does not
 * resolve is a GitError; in a shallow clone the error says how to fetch the history.
 */
export async function resolveCommit(repoDir: string, ref: string, flag: string): Promise<string> {
  if (ref === '' || ref.includes('\0')) throw new GitError(`${flag} '${ref}' is not a git ref`, { file: repoDir });
  const result = await runGit(repoDir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { allow: [1, 128] });
  const sha = result.stdout.trim();
  if (result.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
  const hint = (await isShallow(repoDir))
    ? 'this is a shallow clone: fetch the history (actions/checkout with fetch-depth: 0, or git fetch --unshallow)'
    : 'check the name; in CI, fetch the history (actions/checkout with fetch-depth: 0)';
  throw new GitError(`${flag} '${ref}' does not name a commit in this repository; ${hint}`, { file: repoDir });
}

async function isShallow(repoDir: string): Promise<boolean> {
  const result = await runGit(repoDir, ['rev-parse', '--is-shallow-repository'], { allow: [128] });
  return result.stdout.trim() === 'true';
}
