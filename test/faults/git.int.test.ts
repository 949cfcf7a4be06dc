import { execa } from 'execa';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCommit } from '../../src/git/resolve-ref.js';
import { runCli } from '../support/run-cli.js';
import { oneLine, serviceFiles, useFaultRepos } from './fault-repo.js';

const repoWith = useFaultRepos();

const audit = (dir: string, ...args: string[]) => runCli(['audit', '--repo', dir, '--no-cache', '--format', 'json', ...args]);

describe('--changed-since REF', () => {
  it('never hands a ref that looks like an option to git as one', async () => {
    const repo = await repoWith(serviceFiles('web'));
    const victim = join(repo.outside, 'victim.txt');
    await writeFile(victim, 'keep me\n');
    const before = await repo.snapshot();
    const run = await audit(repo.dir, `--changed-since=--output=${victim}`);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(oneLine(run.stderr)).toMatch(/--changed-since '--output=.*victim\.txt' does not name a commit/);
    expect(await readFile(victim, 'utf8')).toBe('keep me\n');
    expect(await repo.snapshot()).toBe(before);
  });

  it('refuse a ref that does not resolve, with a hint about fetching history', async () => {
    const repo = await repoWith(serviceFiles('web'));
    const before = await repo.snapshot();
    const run = await audit(repo.dir, '--changed-since', 'origin/no-such-branch');
    expect(run.exitCode).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/'origin\/no-such-branch' does not name a commit in this repository; .*fetch-depth: 0/);
    expect(await repo.snapshot()).toBe(before);
  });

  it('say so when the ref is missing because the clone is shallow', async () => {
    const repo = await repoWith(serviceFiles('web'));
    await repo.write('apps/web/base/extra.txt', 'second commit\n');
    await repo.git('add', '-A');
    await repo.git('commit', '-q', '-m', 'second');
    const clone = join(repo.outside, 'clone');
    await execa('git', ['clone', '-q', '--depth', '1', `file://${repo.dir}`, clone], { env: { GIT_CONFIG_GLOBAL: '/dev/null' } });
    const run = await audit(clone, '--changed-since', 'HEAD~1');
    expect(run.exitCode).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/'HEAD~1' does not name a commit .*shallow clone.*fetch-depth: 0/);
  });

  it('still audit what changed since a real ref', async () => {
    const repo = await repoWith(serviceFiles('web'));
    await repo.write('apps/web/overlays/production/kustomization.yaml', 'resources: [../../base]\nnamePrefix: p-\n');
    const run = await audit(repo.dir, '--changed-since', 'HEAD');
    expect(JSON.parse(run.stdout).services.map((s: { name: string }) => s.name)).toEqual(['web']);
    expect(run.exitCode).toBe(0);
  });
});

describe('resolveCommit', () => {
  it('resolve a ref to its full commit and refuse option-like or empty refs', async () => {
    const repo = await repoWith(serviceFiles('web'));
    const head = (await repo.git('rev-parse', 'HEAD')).trim();
    expect(await resolveCommit(repo.dir, 'main', '--changed-since')).toBe(head);
    for (const ref of ['--all', '-p', '', '--output=x']) {
      await expect(resolveCommit(repo.dir, ref, '--changed-since')).rejects.toThrow(/does not name a commit|is not a git ref/);
    }
  });
});
