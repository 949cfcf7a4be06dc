import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PromoteError } from '../../src/errors.js';
import { promote, type PromoteOptions } from '../../src/promote/promote.js';
import type { AuditResult } from '../../src/types.js';
import { VERSION } from '../../src/version.js';
import { apiService, CHART_FILES, gateOptionsFor } from '../gate/helm-support.js';
import { noHelm } from '../helm/helpers.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const STAGING = 'charts/api/values-staging.yaml';
const PRODUCTION = 'charts/api/values-production.yaml';

let repo: TempRepo | undefined;
afterEach(async () => repo?.remove());

function options(r: TempRepo, extra: Partial<PromoteOptions> = {}, requireImmutableTags = false): PromoteOptions {
  return { ...gateOptionsFor(r.dir, apiService(r.dir), extra, requireImmutableTags), ...extra };
}

async function state(r: TempRepo) {
  return { head: await r.git('rev-parse', 'HEAD'), status: await r.git('status', '--porcelain'), staging: await readFile(join(r.dir, STAGING), 'utf8') };
}

async function refusal(run: Promise<AuditResult>): Promise<string> {
  const error = await run.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(PromoteError);
  return (error as PromoteError).toLine();
}

describe.skipIf(noHelm)('parity promote on Helm environments (real helm, real git)', () => {
  it('writes exactly the tag scalar of the target values file and commits it with the trailers', async () => {
    repo = await createTempRepo(CHART_FILES);
    const before = await state(repo);
    const result = await promote(options(repo));
    expect(result.promotion).toMatchObject({ status: 'committed', file: STAGING, image: 'image.tag', tag: '1.1.0-bbbbbbb' });
    expect(await readFile(join(repo.dir, STAGING), 'utf8')).toBe(before.staging.replace("tag: '1.0.0-aaaaaaa'", "tag: '1.1.0-bbbbbbb'"));
    expect(await repo.git('log', '-1', '--format=%B')).toBe(
      `promote(staging): api → 1.1.0-bbbbbbb\n\nParity-Audited-Commit: ${before.head}\nParity-Images: image.tag:1.1.0-bbbbbbb\nParity-Version: ${VERSION}\n`,
    );
    expect(await repo.git('diff', '--name-only', 'HEAD~1', 'HEAD')).toBe(STAGING);
    expect(await repo.git('status', '--porcelain')).toBe('');
  });

  it('adds the key to a target values file that does not set it yet', async () => {
    repo = await createTempRepo(CHART_FILES);
    const result = await promote(options(repo, { to: 'production' }));
    expect(result.promotion).toMatchObject({ status: 'committed', file: PRODUCTION, plan: { action: 'add', line: null } });
    expect(await readFile(join(repo.dir, PRODUCTION), 'utf8')).toBe(`${CHART_FILES[PRODUCTION]}image:\n  tag: 1.1.0-bbbbbbb\n`);
  });

  it('--dry-run writes nothing and shows the diff, the values file credentials scrubbed', async () => {
    repo = await createTempRepo(CHART_FILES);
    const before = await state(repo);
    const result = await promote(options(repo, { dryRun: true }));
    expect(result.promotion?.status).toBe('dry-run');
    expect(await state(repo)).toEqual(before);
    const diff = result.promotion?.diff ?? '';
    expect(diff).toContain("\n-  tag: '1.0.0-aaaaaaa'   # the tag\n+  tag: '1.1.0-bbbbbbb'   # the tag\n");
    expect(diff).toContain('  password: ');
    expect(diff).not.toContain('Staging-Pass-93kq');
  });

  it('is a noop (nothing written, exit 0) when the target already runs the tag', async () => {
    repo = await createTempRepo({ ...CHART_FILES, [STAGING]: 'image:\n  tag: 1.1.0-bbbbbbb\n' });
    const before = await state(repo);
    const result = await promote(options(repo));
    expect(result.promotion).toMatchObject({ status: 'noop', commit: null });
    expect(result.gate?.open).toBe(true);
    expect(await state(repo)).toEqual(before);
  });

  it('refuses when the gate is closed (a parameter still wins): nothing written', async () => {
    repo = await createTempRepo(CHART_FILES);
    const before = await state(repo);
    const service = apiService(repo.dir, { staging: { parameters: [{ name: 'image.tag', value: '1.0.0-aaaaaaa' }] } });
    const result = await promote({ ...gateOptionsFor(repo.dir, service) });
    expect(result.gate?.open).toBe(false);
    expect(result.promotion?.status).toBe('refused');
    expect(await state(repo)).toEqual(before);
  });

  it('refuses a dirty target, a detached HEAD and an uncommitted promoted tag', async () => {
    repo = await createTempRepo(CHART_FILES);
    await repo.write(STAGING, `${CHART_FILES[STAGING]}# local edit\n`);
    expect(await refusal(promote(options(repo)))).toBe(`${STAGING}: has uncommitted changes; commit or stash them before promoting`);
    await repo.git('checkout', '--', STAGING);
    await repo.git('checkout', '-q', '--detach');
    expect(await refusal(promote(options(repo)))).toBe(`${repo.dir}: HEAD is detached; check out a branch to commit the promotion`);
    await repo.git('checkout', '-q', 'main');
    await repo.write(STAGING, CHART_FILES[STAGING]!.replace("'1.0.0-aaaaaaa'", "'1.1.0-bbbbbbb'"));
    expect(await refusal(promote(options(repo)))).toMatch(new RegExp(`^${STAGING}: already holds the promoted reference, but as an uncommitted change`));
  });

  it('refuses an invalid --tag, and a mutable tag when the policy requires immutable ones', async () => {
    repo = await createTempRepo(CHART_FILES);
    expect(await refusal(promote(options(repo, { tag: 'bad tag' })))).toBe('--tag: refusing to promote an invalid reference: tag "bad tag" is not [A-Za-z0-9_][A-Za-z0-9._-]*');
    expect(await refusal(promote(options(repo, { tag: 'latest' }, true)))).toBe('charts/api/values-dev.yaml:3: refusing to promote a mutable reference: tag latest is a moving name');
  });
});
