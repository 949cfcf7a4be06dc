import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';
import { copyFixture, FIXTURES } from '../support/temp-copy.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const REPO = join(FIXTURES, 'ecommerce-infra');
const CHECKOUT_STAGING = 'apps/checkout-service/overlays/staging/kustomization.yaml';

describe('parity gate (sample repo, real Kustomize)', () => {
  it('opens for checkout-service dev → staging and names the promoted tag', async () => {
    const run = await runCli(['gate', '--repo', REPO, '--service', 'checkout-service', '--from', 'dev', '--to', 'staging', '--format', 'json']);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.gate).toEqual({
      service: 'checkout-service',
      from: 'dev',
      to: 'staging',
      tag: '1.4.3-8d1e7f0',
      open: true,
      reasons: [],
      tagSource: { file: 'apps/checkout-service/overlays/dev/kustomization.yaml', line: 17 },
      tagFrom: 'source',
      images: [{ image: 'ghcr.io/ecommerce/checkout-service', tag: '1.4.3-8d1e7f0', digest: null, currentTag: '1.4.2-3f9c2ab', currentDigest: null, action: 'update' }],
      checks: [{ name: 'parity', verdict: 'pass', reasons: [] }],
    });
    expect(result.pairs).toEqual([['dev', 'staging']]);
    expect(run.exitCode).toBe(0);
  });

  it('closes for payments-service staging → production on the mTLS mismatch', async () => {
    const run = await runCli(['gate', '--repo', REPO, '--service', 'payments-service', '--from', 'staging', '--to', 'production']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('Gate CLOSED: payments-service staging → production');
    expect(run.stdout).toMatch(/- MTLS_MISMATCH Deployment payments-service .*env\[name=PROCESSOR_URL\]/);
  });

  it('closes when the target pulls the image from another repository', async () => {
    const run = await runCli(['gate', '--repo', REPO, '--service', 'frontend-shell', '--from', 'staging', '--to', 'production', '--format', 'json']);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.gate?.open).toBe(false);
    expect(result.gate?.reasons.join('\n')).toMatch(/would not make production run the promoted image/);
    const images = result.findings.filter((finding) => finding.code === 'IMAGE_MISMATCH');
    expect(images).toHaveLength(1);
    expect(images[0]!.values).toEqual({
      staging: 'ghcr.io/ecommerce/frontend-shell:5.0.4-1ac2d3f',
      production: 'registry.example.com/ecommerce/frontend-shell:5.0.4-1ac2d3f',
    });
    expect(run.exitCode).toBe(1);
  });

  it('exits 2 on an unknown environment, with one line', async () => {
    const run = await runCli(['gate', '--repo', REPO, '--service', 'payments-service', '--from', 'staging', '--to', 'prod']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim()).toMatch(/^parity: parity\.config\.yaml.*unknown env 'prod'/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('parity gate and parity render through the render cache', () => {
  let repoDir: string;
  let cleanup: () => Promise<void>;
  let env: Record<string, string>;
  beforeEach(async () => {
    ({ dir: repoDir, cleanup } = await copyFixture('ecommerce-infra'));
    env = { PARITY_CACHE_DIR: await mkdtemp(join(tmpdir(), 'parity-cli-cache-')) };
  });
  afterEach(async () => {
    await cleanup();
    await rm(env.PARITY_CACHE_DIR!, { recursive: true, force: true });
  });
  const gateArgs = () => ['gate', '--repo', repoDir, '--service', 'checkout-service', '--from', 'dev', '--to', 'staging', '--format', 'json', '--verbose'];

  it('serves a second gate from the cache with the same report; an overlay broken since fails closed with one line', async () => {
    const cold = await runCli(gateArgs(), { env });
    expect(cold.exitCode).toBe(0);
    expect(cold.stderr).toMatch(/^parity: render: 2 overlays in .*; cache hits: 0 overlays$/m);
    const warm = await runCli(gateArgs(), { env });
    expect(warm.exitCode).toBe(0);
    expect(warm.stderr).toMatch(/^parity: render: 2 overlays in .*; cache hits: 2 overlays$/m);
    expect(warm.stdout).toBe(cold.stdout);
    await appendFile(join(repoDir, 'apps/checkout-service/overlays/staging/patch-env.yaml'), 'kind: [\n');
    const broken = await runCli(['gate', '--repo', repoDir, '--service', 'checkout-service', '--from', 'dev', '--to', 'staging'], { env });
    expect(broken.exitCode).toBe(2);
    expect(broken.stdout).toMatch(/^ {2}- RENDER_FAILED staging: apps\/checkout-service\/overlays\/staging\/patch-env\.yaml:\d+: after the bump: invalid YAML/m);
  });

  it('--no-cache neither reads nor writes the cache, for gate and render', async () => {
    const gated = await runCli([...gateArgs(), '--no-cache'], { env });
    expect(gated.exitCode).toBe(0);
    expect(gated.stderr).toMatch(/^parity: render: 2 overlays in .*; cache off$/m);
    const rendered = await runCli(['render', '--repo', repoDir, '--service', 'checkout-service', '--env', 'staging', '--no-cache'], { env });
    expect(rendered.exitCode).toBe(0);
    expect(await readdir(env.PARITY_CACHE_DIR!)).toEqual([]);
    const cached = await runCli(['render', '--repo', repoDir, '--service', 'checkout-service', '--env', 'staging'], { env });
    expect(cached.stdout).toBe(rendered.stdout);
    expect(await readdir(env.PARITY_CACHE_DIR!)).toContain('renders');
  });
});

describe('parity promote (real git in a temporary repository)', () => {
  let repo: TempRepo;
  beforeEach(async () => {
    repo = await createTempRepo({}, REPO);
  });
  afterEach(() => repo.remove());

  const promote = (...args: string[]) => runCli(['promote', '--repo', repo.dir, ...args]);

  it('writes exactly one commit with the tag, the message and the trailers', async () => {
    const before = await repo.git('rev-parse', 'HEAD');
    const run = await promote('--service', 'checkout-service', '--from', 'dev', '--to', 'staging');
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(await repo.git('rev-list', '--count', `${before}..HEAD`)).toBe('1');
    const message = await repo.git('log', '-1', '--format=%B');
    expect(message.split('\n')[0]).toBe('promote(staging): checkout-service → 1.4.3-8d1e7f0');
    expect(message).toContain(`Parity-Audited-Commit: ${before}`);
    expect(message).toMatch(/Parity-Version: \d+\.\d+\.\d+/);
    expect(await repo.git('diff', '--numstat', 'HEAD~1', 'HEAD')).toBe(`1\t1\t${CHECKOUT_STAGING}`);
    expect(await repo.git('status', '--porcelain')).toBe('');
    expect(run.stdout).toContain('Committed');
  });

  it('writes nothing when the gate is closed', async () => {
    const before = await repo.git('rev-parse', 'HEAD');
    const file = join(repo.dir, 'apps/inventory-service/overlays/staging/kustomization.yaml');
    const bytes = await readFile(file, 'utf8');
    const run = await promote('--service', 'inventory-service', '--from', 'dev', '--to', 'staging');
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('Not promoted: the gate is closed');
    expect(await repo.git('rev-parse', 'HEAD')).toBe(before);
    expect(await readFile(file, 'utf8')).toBe(bytes);
    expect(await repo.git('status', '--porcelain')).toBe('');
  });

  it('shows the plan and diff with --dry-run and writes nothing', async () => {
    const run = await promote('--service', 'checkout-service', '--from', 'dev', '--to', 'staging', '--dry-run');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Dry run: would write apps/checkout-service/overlays/staging/kustomization.yaml');
    expect(run.stdout).toContain('-    newTag: 1.4.2-3f9c2ab');
    expect(run.stdout).toContain('+    newTag: 1.4.3-8d1e7f0');
    expect(await repo.git('status', '--porcelain')).toBe('');
  });

  it('says there is nothing to promote when the target already runs the tag', async () => {
    const run = await promote('--service', 'payments-service', '--from', 'staging', '--to', 'production');
    expect(run.stdout).toContain('Nothing to promote: production already runs 3.2.1-9b7d0e6');
    expect(run.exitCode).toBe(0);
    expect(await repo.git('log', '--format=%s')).toBe('initial');
  });

  it('refuses a dirty target kustomization with exit 2 and changes nothing', async () => {
    const file = join(repo.dir, CHECKOUT_STAGING);
    await writeFile(file, `${await readFile(file, 'utf8')}# local edit\n`);
    const edited = await readFile(file, 'utf8');
    const run = await promote('--service', 'checkout-service', '--from', 'dev', '--to', 'staging');
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(CHECKOUT_STAGING);
    expect(await readFile(file, 'utf8')).toBe(edited);
    expect(await repo.git('log', '--format=%s')).toBe('initial');
  });

  it('refuses a mutable source tag when the policy demands immutable ones', async () => {
    await writeFile(
      join(repo.dir, 'policies/promotion.yaml'),
      'apiVersion: parity.dev/v1alpha1\nkind: ParityPolicy\nmetadata: {name: promotion}\nspec:\n  promotion:\n    requireImmutableTags: true\n',
    );
    const dev = join(repo.dir, 'apps/checkout-service/overlays/dev/kustomization.yaml');
    await writeFile(dev, (await readFile(dev, 'utf8')).replace('newTag: 1.4.3-8d1e7f0', 'newTag: latest'));
    await repo.git('commit', '-qam', 'dev runs latest');
    await repo.git('add', '-A');
    await repo.git('commit', '-qm', 'require immutable tags');
    const run = await promote('--service', 'checkout-service', '--from', 'dev', '--to', 'staging');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/apps\/checkout-service\/overlays\/dev\/kustomization\.yaml:17.*latest/);
    expect(await repo.git('status', '--porcelain')).toBe('');
    expect(await repo.git('log', '-1', '--format=%s')).toBe('require immutable tags');
  });

  it('refuses a directory that is not a git repository', async () => {
    await rm(join(repo.dir, '.git'), { recursive: true, force: true });
    const file = join(repo.dir, CHECKOUT_STAGING);
    const bytes = await readFile(file, 'utf8');
    const run = await promote('--service', 'checkout-service', '--from', 'dev', '--to', 'staging');
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(await readFile(file, 'utf8')).toBe(bytes);
  });

  it('refuses a detached HEAD', async () => {
    await repo.git('checkout', '-q', '--detach');
    const run = await promote('--service', 'checkout-service', '--from', 'dev', '--to', 'staging');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/detached/i);
    expect(await repo.git('status', '--porcelain')).toBe('');
  });
});
