import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import { runGit } from '../../src/git/run-git.js';
import { writeSyntheticRepo } from '../../bench/synthetic-repo.mjs';

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A synthetic repo of four services, committed, plus a second shared base used by two of them. */
async function committedRepo(): Promise<{ repoDir: string; cacheDir: string }> {
  const root = await mkdtemp(join(tmpdir(), 'parity-changed-'));
  roots.push(root);
  const repoDir = join(root, 'repo');
  await writeSyntheticRepo(repoDir, 4);
  await runGit(repoDir, ['init', '-q']);
  await runGit(repoDir, ['add', '.']);
  await runGit(repoDir, ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'repo']);
  return { repoDir, cacheDir: join(root, 'cache') };
}

const audited = (result: { services: Array<{ name: string }> }): string[] => result.services.map((s) => s.name);

describe('--changed-since', () => {
  it('audit nothing and skip every service when nothing changed', async () => {
    const { repoDir, cacheDir } = await committedRepo();
    const result = await audit({ repoDir, cacheDir, changedSince: 'HEAD' });
    expect(audited(result)).toEqual([]);
    expect(result.skipped?.map((s) => s.service)).toEqual(['svc-0001', 'svc-0002', 'svc-0003', 'svc-0004']);
    expect(result.skipped?.[0]?.reason).toMatch(/since HEAD/);
  });

  it('audit the one service whose overlay changed, and say which were skipped', async () => {
    const { repoDir, cacheDir } = await committedRepo();
    await appendFile(join(repoDir, 'apps/svc-0003/overlays/staging/patch-env.yaml'), '          cpu: "2"\n');
    const result = await audit({ repoDir, cacheDir, changedSince: 'HEAD' });
    expect(audited(result)).toEqual(['svc-0003']);
    expect(result.skipped?.map((s) => s.service)).toEqual(['svc-0001', 'svc-0002', 'svc-0004']);
  });

  it('select every service that uses a changed shared component, and a new untracked input', async () => {
    const { repoDir, cacheDir } = await committedRepo();
    await appendFile(join(repoDir, 'components/observability/kustomization.yaml'), '# touched\n');
    expect(audited(await audit({ repoDir, cacheDir, changedSince: 'HEAD' }))).toHaveLength(4);
    await runGit(repoDir, ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-am', 'touch']);
    await writeFile(join(repoDir, 'apps/svc-0002/base/extra.yaml'), 'unused: true\n');
    expect(audited(await audit({ repoDir, cacheDir, changedSince: 'HEAD' }))).toEqual(['svc-0002']);
  });

  it('select every service when the parity config changed', async () => {
    const { repoDir, cacheDir } = await committedRepo();
    await appendFile(join(repoDir, 'parity.config.yaml'), '# touched\n');
    expect(audited(await audit({ repoDir, cacheDir, changedSince: 'HEAD' }))).toHaveLength(4);
  });
});
