import { execa } from 'execa';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway git repository for tests, with its own identity and no global hooks or signing. */
export interface TempRepo {
  dir: string;
  git(...args: string[]): Promise<string>;
  write(file: string, text: string): Promise<void>;
  remove(): Promise<void>;
}

const ISOLATED_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

export async function createTempRepo(files: Record<string, string> = {}, fixture?: string): Promise<TempRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'parity-promote-'));
  const git = async (...args: string[]) => (await execa('git', args, { cwd: dir, env: ISOLATED_ENV })).stdout;
  const write = async (file: string, text: string) => {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text);
  };
  if (fixture) await cp(fixture, dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) await write(file, text);
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.name', 'Parity Test');
  await git('config', 'user.email', 'parity@example.test');
  await git('config', 'commit.gpgsign', 'false');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'initial');
  return { dir, git, write, remove: () => rm(dir, { recursive: true, force: true }) };
}
