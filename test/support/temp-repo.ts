import { execa } from 'execa';
import { copyFixture } from './temp-copy.js';

/** A fixture repo copied into a temp dir and committed with real git on branch main. */
export async function fixtureGitRepo(name: string): Promise<{ dir: string; cleanup: () => Promise<void>; git: (...args: string[]) => Promise<string> }> {
  const copy = await copyFixture(name);
  const git = async (...args: string[]): Promise<string> =>
    (await execa('git', args, { cwd: copy.dir, env: { GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' } })).stdout;
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.name', 'Release Bot');
  await git('config', 'user.email', 'release@example.com');
  await git('config', 'commit.gpgsign', 'false');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'initial');
  return { ...copy, git };
}
