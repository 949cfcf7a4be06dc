import { GitError } from '../errors.js';
import { runGit } from './run-git.js';

/**
 * Where `dir` sits inside its git work tree (`gitops/` when the audited tree is a subfolder,
 * `''` at the root), so reports can give paths relative to the git root. Outside git (git's
 * exit 128), or without a git binary, paths stay relative to `dir`: `''`.
 */
export async function gitPathPrefix(dir: string): Promise<string> {
  const output = await runGit(dir, ['rev-parse', '--show-prefix'], { allow: [128] }).catch((error: unknown) => {
    if (error instanceof GitError) return null;
    throw error;
  });
  if (!output || output.exitCode !== 0) return '';
  return output.stdout.trim();
}
