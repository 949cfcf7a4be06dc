import { cp, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PromoteError } from '../../src/errors.js';
import { applyPromotion, type ApplyDeps } from '../../src/promote/apply.js';
import { planPromotion, type PromotionPlan } from '../../src/bump/plan.js';
import { readKustomizationChain } from '../../src/render/index.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/ecommerce-infra');
const SERVICE = 'checkout-service';
const overlay = (env: string) => `apps/${SERVICE}/overlays/${env}`;
const STAGING = `${overlay('staging')}/kustomization.yaml`;

let repo: TempRepo | undefined;
afterEach(async () => repo?.remove());

async function planIn(dir: string, from: string, to: string, requireImmutableTags = true): Promise<PromotionPlan> {
  const [source, target] = await Promise.all([from, to].map((env) => readKustomizationChain(join(dir, overlay(env)), dir)));
  return planPromotion({ service: SERVICE, from, to, source: source!, target: target!, requireImmutableTags });
}

async function snapshot(r: TempRepo) {
  return { head: await r.git('rev-parse', 'HEAD'), status: await r.git('status', '--porcelain'), staging: await readFile(join(r.dir, STAGING), 'utf8') };
}

async function deps(r: TempRepo, extra: Partial<ApplyDeps> = {}): Promise<ApplyDeps> {
  return { repoDir: r.dir, commit: true, version: '0.1.0', auditedCommit: await r.git('rev-parse', 'HEAD'), ...extra };
}

describe('applyPromotion on the ecommerce-infra sample', () => {
  it('commits a one-line tag bump in the target overlay with message and trailers', async () => {
    repo = await createTempRepo({}, FIXTURE);
    const before = await snapshot(repo);
    const plan = await planIn(repo.dir, 'dev', 'staging');
    expect(plan).toMatchObject({ action: 'update', tag: '1.4.3-8d1e7f0', currentTag: '1.4.2-3f9c2ab', file: STAGING, effective: true });

    const result = await applyPromotion(plan, await deps(repo));

    expect(result.status).toBe('committed');
    expect(result.commit).toBe(await repo.git('rev-parse', 'HEAD'));
    expect(await repo.git('rev-parse', 'HEAD~1')).toBe(before.head);
    expect(await repo.git('log', '-1', '--format=%B')).toBe(
      `promote(staging): checkout-service → 1.4.3-8d1e7f0\n\nParity-Audited-Commit: ${before.head}\nParity-Images: ${plan.image}:1.4.3-8d1e7f0\nParity-Version: 0.1.0\n`,
    );
    expect(await repo.git('diff', '--numstat', 'HEAD~1', 'HEAD')).toBe(`1\t1\t${STAGING}`);
    expect(await readFile(join(repo.dir, STAGING), 'utf8')).toBe(before.staging.replace('newTag: 1.4.2-3f9c2ab', 'newTag: 1.4.3-8d1e7f0'));
    expect(await repo.git('status', '--porcelain')).toBe('');
    expect(result.diff).toContain('\n-    newTag: 1.4.2-3f9c2ab\n+    newTag: 1.4.3-8d1e7f0\n');
    expect(await readdir(join(repo.dir, overlay('staging')))).not.toContainEqual(expect.stringMatching(/parity-.*\.tmp$/));
  });

  it('keeps a heavily commented kustomization byte for byte apart from the tag', async () => {
    repo = await createTempRepo({}, FIXTURE);
    const commented = [
      '# staging   —   hand-edited',
      'apiVersion: kustomize.config.k8s.io/v1beta1 # api',
      'kind: Kustomization',
      'namespace:   ecommerce-staging',
      'resources: [ ../../base ]   # flow list',
      'images:',
      '# the one image',
      '-   name: "ghcr.io/ecommerce/checkout-service"   # quoted name',
      "    newTag:    '1.4.2-3f9c2ab'   # was here",
      '',
      '',
      '# trailing comment, two blank lines above',
      '',
    ].join('\n');
    await repo.write(STAGING, commented);
    await repo.git('commit', '-q', '-am', 'hand edit');
    const plan = await planIn(repo.dir, 'dev', 'staging');
    await applyPromotion(plan, await deps(repo));
    expect(await readFile(join(repo.dir, STAGING), 'utf8')).toBe(commented.replace("'1.4.2-3f9c2ab'", "'1.4.3-8d1e7f0'"));
  });

  it('--dry-run returns the diff and writes nothing', async () => {
    repo = await createTempRepo({}, FIXTURE);
    const before = await snapshot(repo);
    const result = await applyPromotion(await planIn(repo.dir, 'dev', 'staging'), await deps(repo, { dryRun: true }));
    expect(result).toMatchObject({ status: 'dry-run', commit: null, file: STAGING });
    expect(result.diff).toMatch(/^--- a\/apps\/checkout-service\/overlays\/staging\/kustomization.yaml\n\+\+\+ b\/.*\n@@ -\d+,7 \+\d+,7 @@\n/);
    expect(await snapshot(repo)).toEqual(before);
  });

  it('--no-commit writes the file and leaves HEAD alone', async () => {
    repo = await createTempRepo({}, FIXTURE);
    const before = await snapshot(repo);
    const result = await applyPromotion(await planIn(repo.dir, 'dev', 'staging'), await deps(repo, { commit: false }));
    expect(result).toMatchObject({ status: 'written', commit: null });
    expect(await repo.git('rev-parse', 'HEAD')).toBe(before.head);
    expect(await repo.git('status', '--porcelain')).toBe(` M ${STAGING}`);
    expect(await readFile(join(repo.dir, STAGING), 'utf8')).toContain('newTag: 1.4.3-8d1e7f0');
  });

  it('returns a noop marker and touches nothing when the target already runs the tag', async () => {
    repo = await createTempRepo({}, FIXTURE);
    const before = await snapshot(repo);
    const plan = await planIn(repo.dir, 'staging', 'production');
    expect(plan.action).toBe('noop');
    expect(await applyPromotion(plan, await deps(repo))).toEqual({ status: 'noop', file: `${overlay('production')}/kustomization.yaml`, commit: null, diff: '' });
    expect(await snapshot(repo)).toEqual(before);
  });
});

describe('applyPromotion refuses and changes nothing', () => {
  async function expectRefusal(r: TempRepo, run: () => Promise<unknown>, message: RegExp): Promise<void> {
    const before = await snapshot(r);
    const error = await run().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(PromoteError);
    expect((error as PromoteError).message).toMatch(message);
    expect(await snapshot(r)).toEqual(before);
  }

  it('on an unstaged change to the target kustomization', async () => {
    repo = await createTempRepo({}, FIXTURE);
    const plan = await planIn(repo.dir, 'dev', 'staging');
    await repo.write(STAGING, `${(await snapshot(repo)).staging}# local edit\n`);
    await expectRefusal(repo, async () => applyPromotion(plan, await deps(repo!)), /uncommitted changes/);
  });

  it('on a staged change to the target kustomization', async () => {
    repo = await createTempRepo({}, FIXTURE);
    const plan = await planIn(repo.dir, 'dev', 'staging');
    await repo.write(STAGING, `${(await snapshot(repo)).staging}# staged edit\n`);
    await repo.git('add', STAGING);
    await expectRefusal(repo, async () => applyPromotion(plan, await deps(repo!)), /uncommitted changes/);
  });

  it('on a detached HEAD', async () => {
    repo = await createTempRepo({}, FIXTURE);
    await repo.git('checkout', '-q', '--detach');
    await expectRefusal(repo, async () => applyPromotion(await planIn(repo!.dir, 'dev', 'staging'), await deps(repo!)), /HEAD is detached/);
  });

  it('when HEAD moved since the audit', async () => {
    repo = await createTempRepo({}, FIXTURE);
    const audited = await repo.git('rev-parse', 'HEAD');
    await repo.git('commit', '-q', '--allow-empty', '-m', 'later');
    await expectRefusal(repo, async () => applyPromotion(await planIn(repo!.dir, 'dev', 'staging'), await deps(repo!, { auditedCommit: audited })), /HEAD moved since the audit/);
  });

  it('on a mutable source tag when immutable tags are required', async () => {
    repo = await createTempRepo({}, FIXTURE);
    const dev = `${overlay('dev')}/kustomization.yaml`;
    await repo.write(dev, (await readFile(join(repo.dir, dev), 'utf8')).replace('newTag: 1.4.3-8d1e7f0', 'newTag: latest'));
    await repo.git('commit', '-q', '-am', 'dev on latest');
    await expectRefusal(repo, () => planIn(repo!.dir, 'dev', 'staging'), /mutable reference: tag latest/);
    expect((await planIn(repo.dir, 'dev', 'staging', false)).tag).toBe('latest');
  });

  it('outside a git repository', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parity-norepo-'));
    try {
      await cp(FIXTURE, dir, { recursive: true });
      const original = await readFile(join(dir, STAGING), 'utf8');
      const plan = await planIn(dir, 'dev', 'staging');
      const run = applyPromotion(plan, { repoDir: dir, commit: true, version: '0.1.0', auditedCommit: 'a'.repeat(40) });
      await expect(run).rejects.toThrow(/cannot promote: not a git repository/);
      expect(await readFile(join(dir, STAGING), 'utf8')).toBe(original);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when the target kustomization is a symbolic link', async () => {
    repo = await createTempRepo({}, FIXTURE);
    await rename(join(repo.dir, STAGING), join(repo.dir, overlay('staging'), 'kustomization.real.yaml'));
    await symlink('kustomization.real.yaml', join(repo.dir, STAGING));
    await repo.git('add', '-A');
    await repo.git('commit', '-q', '-m', 'symlinked kustomization');
    await expectRefusal(repo, async () => applyPromotion(await planIn(repo!.dir, 'dev', 'staging'), await deps(repo!)), /symbolic link/);
  });

  it('when the commit fails: the file bytes and the index are restored', async () => {
    repo = await createTempRepo({}, FIXTURE);
    await writeFile(join(repo.dir, '.git/hooks/commit-msg'), '#!/bin/sh\necho "commit message rejected" >&2\nexit 1\n', { mode: 0o755 });
    const plan = await planIn(repo.dir, 'dev', 'staging');
    await expectRefusal(repo, async () => applyPromotion(plan, await deps(repo!)), /commit message rejected; .* restored, nothing committed/);
    expect(await repo.git('diff', '--cached', '--name-only')).toBe('');
  });
});
