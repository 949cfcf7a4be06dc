import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { FIXTURES } from '../support/temp-copy.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const REPO = join(FIXTURES, 'ecommerce-infra');
const DEV = 'apps/checkout-service/overlays/dev/kustomization.yaml';
const STAGING = 'apps/checkout-service/overlays/staging/kustomization.yaml';

/** Several runs of the CLI, each rendering with Kustomize, on a machine that may be busy. */
const SLOW = 240_000;

let repo: TempRepo;
beforeEach(async () => {
  repo = await createTempRepo({}, REPO);
});
afterEach(() => repo.remove());

const promote = (...args: string[]) =>
  runCli(['promote', '--repo', repo.dir, '--service', 'checkout-service', '--from', 'dev', '--to', 'staging', ...args]);

/** What must hold after a refused promote: the same HEAD, a clean tree, the target's bytes unchanged. */
async function snapshot(): Promise<{ head: string; status: string; target: string }> {
  return {
    head: await repo.git('rev-parse', 'HEAD'),
    status: await repo.git('status', '--porcelain'),
    target: await readFile(join(repo.dir, STAGING), 'utf8'),
  };
}

function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('promote refuses references outside the OCI grammar (exit 2, nothing written)', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /--tag: refusing to promote an invalid reference: tag is empty$/],
    ['1.0 #x', /--tag: .*tag "1\.0 #x" is not/],
    ['1.0\n- name', /--tag: .*tag "1\.0\\n- name" is not/],
    ['a: b', /--tag: .*digest "a: b" is not algorithm:encoded/],
    ['-x', /--tag: .*tag "-x" is not/],
    ['v'.repeat(300), /--tag: .*tag is 300 characters long \(at most 128\)/],
    ['sha256:zzzz', /--tag: .*digest "sha256:zzzz" is not sha256:<64 hex digits, lowercase>/],
  ];
  for (const [tag, message] of cases) {
    it(`--tag ${JSON.stringify(tag.slice(0, 20))}`, async () => {
      const before = await snapshot();
      const run = await promote(`--tag=${tag}`);
      expect(run.exitCode).toBe(2);
      expectOneLine(run.stderr, message);
      expect(await snapshot()).toEqual(before);
    }, SLOW);
  }

  it('still promotes a valid --tag (the refusals above are the grammar, not the flag)', async () => {
    const before = await repo.git('rev-parse', 'HEAD');
    const run = await promote('--tag=1.4.3-8d1e7f0_rc.1');
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(await repo.git('rev-list', '--count', `${before}..HEAD`)).toBe('1');
    expect(await readFile(join(repo.dir, STAGING), 'utf8')).toContain('newTag: 1.4.3-8d1e7f0_rc.1');
  }, SLOW);

  it('refuses an invalid tag read from the source overlay, naming its file and line', async () => {
    const dev = await readFile(join(repo.dir, DEV), 'utf8');
    await repo.write(DEV, dev.replace('newTag: 1.4.3-8d1e7f0', 'newTag: "1.0 #x"'));
    await repo.git('commit', '-qam', 'bad tag in dev');
    const before = await snapshot();
    const run = await promote();
    expect(run.exitCode).toBe(2);
    expectOneLine(run.stderr, new RegExp(`^parity: ${DEV}:\\d+: refusing to promote an invalid reference: tag "1\\.0 #x" is not`));
    expect(await snapshot()).toEqual(before);
  }, SLOW);
});

describe('promote after an interrupted promote', () => {
  it('refuses (exit 2) when the target holds the tag only as an uncommitted change', async () => {
    const staging = await readFile(join(repo.dir, STAGING), 'utf8');
    // What a promote killed between its write and its commit leaves behind.
    await repo.write(STAGING, staging.replace('newTag: 1.4.2-3f9c2ab', 'newTag: 1.4.3-8d1e7f0'));
    const before = await snapshot();
    expect(before.status).toBe(` M ${STAGING}`);
    for (const flags of [[], ['--dry-run']]) {
      const run = await promote(...flags);
      expect(run.exitCode).toBe(2);
      expectOneLine(run.stderr, new RegExp(`^parity: ${STAGING}: already holds the promoted reference, but as an uncommitted change`));
      expect(await snapshot()).toEqual(before);
    }
  }, SLOW);

  it('still says nothing to promote (exit 0) when the tag is committed', async () => {
    const staging = await readFile(join(repo.dir, STAGING), 'utf8');
    await repo.write(STAGING, staging.replace('newTag: 1.4.2-3f9c2ab', 'newTag: 1.4.3-8d1e7f0'));
    await repo.git('commit', '-qam', 'promoted by hand');
    const before = await snapshot();
    const run = await promote();
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/nothing to promote/i);
    expect(await snapshot()).toEqual(before);
  }, SLOW);
});
