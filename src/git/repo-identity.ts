import { GitMissingError } from '../errors.js';
import { runGit } from './run-git.js';

export interface RepoIdentity {
  /** The `origin` remote without credentials, else the root commit(s); null outside git. */
  repo: string | null;
  /** The commit HEAD points at; null outside git or before the first commit. */
  commit: string | null;
}

/**
 * Which repository and commit `repoDir` is, the same in every CI job that checked it out.
 * Outside git, or on a machine without git, both are null.
 */
export async function repoIdentity(repoDir: string): Promise<RepoIdentity> {
  const inside = await runGit(repoDir, ['rev-parse', '--is-inside-work-tree'], { allow: [128] }).catch((error: unknown) => {
    if (error instanceof GitMissingError) return null;
    throw error;
  });
  if (!inside || inside.exitCode !== 0) return { repo: null, commit: null };
  const head = await runGit(repoDir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { allow: [1, 128] });
  const commit = head.exitCode === 0 ? head.stdout.trim() : null;
  return { repo: (await originUrl(repoDir)) ?? (commit ? await rootCommits(repoDir) : null), commit };
}

async function originUrl(repoDir: string): Promise<string | null> {
  const result = await runGit(repoDir, ['config', '--get', 'remote.origin.url'], { allow: [1] });
  const url = result.stdout.trim();
  return url === '' ? null : withoutCredentials(url);
}

/** `https://user:token@host/org/repo.git` → `host/org/repo`; `git@host:org/repo.git` → `host/org/repo`. */
export function withoutCredentials(url: string): string {
  const scp = /^[^@/]+@([^:/]+):(.+)$/.exec(url);
  const plain = scp ? `${scp[1]}/${scp[2]}` : url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^@/]*@/, '');
  return plain.replace(/\.git\/?$/, '').replace(/\/+$/, '');
}

async function rootCommits(repoDir: string): Promise<string> {
  const result = await runGit(repoDir, ['rev-list', '--max-parents=0', 'HEAD', '--']);
  return `root:${result.stdout.split('\n').filter(Boolean).sort().join(',')}`;
}
