import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitError } from '../../src/errors.js';
import { commitFiles, formatCommitMessage, unstageFiles } from '../../src/git/commit-files.js';
import { gitRepoState, headCommit, isDirty } from '../../src/git/repo-state.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

let repo: TempRepo | undefined;
afterEach(async () => repo?.remove());

describe('git state', () => {
  it('reports root, head, branch and dirty files', async () => {
    repo = await createTempRepo({ 'a.yaml': 'a: 1\n', 'sub/b.yaml': 'b: 1\n' });
    const head = await repo.git('rev-parse', 'HEAD');
    await repo.write('sub/b.yaml', 'b: 2\n');
    await repo.write('new.yaml', 'n: 1\n');
    const state = await gitRepoState(join(repo.dir, 'sub'));
    expect(state.head).toBe(head);
    expect(state.branch).toBe('main');
    expect(state.dirtyFiles.sort()).toEqual(['new.yaml', 'sub/b.yaml']);
    expect(await headCommit(repo.dir)).toBe(head);
  });

  it('sees a detached HEAD', async () => {
    repo = await createTempRepo({ 'a.yaml': 'a: 1\n' });
    await repo.git('checkout', '-q', '--detach');
    expect((await gitRepoState(repo.dir)).branch).toBeNull();
  });

  it('tells staged, unstaged and untracked files from clean ones', async () => {
    repo = await createTempRepo({ 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 1\n', 'c.yaml': 'c: 1\n' });
    await repo.write('a.yaml', 'a: 2\n');
    await repo.write('b.yaml', 'b: 2\n');
    await repo.git('add', 'b.yaml');
    await repo.write('d.yaml', 'd: 1\n');
    expect(await isDirty(repo.dir, ['a.yaml'])).toBe(true);
    expect(await isDirty(repo.dir, ['b.yaml'])).toBe(true);
    expect(await isDirty(repo.dir, ['d.yaml'])).toBe(true);
    expect(await isDirty(repo.dir, ['c.yaml'])).toBe(false);
  });

  it('fails with one line outside a repository', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parity-norepo-'));
    try {
      const error = await gitRepoState(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GitError);
      expect((error as GitError).toLine()).toBe(`${dir}: not a git repository`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('commitFiles', () => {
  it('commits only the given files with the message and trailers', async () => {
    repo = await createTempRepo({ 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 1\n' });
    await repo.write('a.yaml', 'a: 2\n');
    await repo.write('b.yaml', 'b: 2\n');
    await repo.git('add', 'b.yaml');
    const sha = await commitFiles(repo.dir, ['a.yaml'], 'promote(production): svc → abc1234', { 'Parity-Version': '0.1.0' });
    expect(sha).toBe(await repo.git('rev-parse', 'HEAD'));
    expect(await repo.git('log', '-1', '--format=%B')).toBe('promote(production): svc → abc1234\n\nParity-Version: 0.1.0\n');
    expect(await repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('a.yaml');
    expect(await repo.git('diff', '--cached', '--name-only')).toBe('b.yaml');
    expect(await repo.git('log', '-1', '--format=%(trailers:key=Parity-Version,valueonly)')).toBe('0.1.0\n');
  });

  it('raises a GitError when a hook rejects the commit, and unstageFiles undoes the add', async () => {
    repo = await createTempRepo({ 'a.yaml': 'a: 1\n' });
    await writeFile(join(repo.dir, '.git/hooks/commit-msg'), '#!/bin/sh\necho "rejected by policy" >&2\nexit 1\n', { mode: 0o755 });
    await repo.write('a.yaml', 'a: 2\n');
    await expect(commitFiles(repo.dir, ['a.yaml'], 'msg')).rejects.toThrow(/git commit failed: rejected by policy/);
    expect(await repo.git('diff', '--cached', '--name-only')).toBe('a.yaml');
    await unstageFiles(repo.dir, ['a.yaml']);
    expect(await repo.git('diff', '--cached', '--name-only')).toBe('');
  });

  it('refuses trailers that would break the message', () => {
    expect(formatCommitMessage('s', { A: '1', 'B-c': '2' })).toBe('s\n\nA: 1\nB-c: 2\n');
    expect(() => formatCommitMessage('s', { 'Bad Key': 'x' })).toThrow(GitError);
    expect(() => formatCommitMessage('s', { Key: 'x\nInjected: y' })).toThrow(GitError);
  });
});
