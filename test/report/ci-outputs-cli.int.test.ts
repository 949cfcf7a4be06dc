import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubRunUrl } from '../../src/commands/ci-output-options.js';
import { runCli } from '../support/run-cli.js';
import { FIXTURES } from '../support/temp-copy.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const PATCH = 'apps/payments-service/overlays/production/patch-mtls.yaml';

describe('report paths relative to the git root (GitOps tree in a subfolder)', () => {
  let repo: TempRepo;
  let tree: string;
  const audit = (...args: string[]) => runCli(['audit', '--repo', tree, '--service', 'payments-service', ...args]);

  beforeAll(async () => {
    repo = await createTempRepo({ 'README.md': '# platform\n' });
    tree = join(repo.dir, 'deploy', 'gitops');
    await cp(join(FIXTURES, 'ecommerce-infra'), tree, { recursive: true });
    await repo.git('add', '-A');
    await repo.git('commit', '-q', '-m', 'gitops tree');
  });
  afterAll(() => repo.remove());

  it('SARIF URIs start at the git root', async () => {
    const run = await audit('--format', 'sarif');
    expect(run.exitCode).toBe(1);
    const log = JSON.parse(run.stdout);
    const uris = log.runs[0].results.map((result: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => result.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toContain(`deploy/gitops/${PATCH}`);
    for (const uri of uris) expect(uri).toMatch(/^deploy\/gitops\//);
  });

  it('annotation file= and Code Quality paths start at the git root', async () => {
    const github = await audit('--format', 'github');
    expect(github.exitCode).toBe(1);
    expect(github.stdout).toMatch(new RegExp(`^::error file=deploy/gitops/${PATCH.replace(/\//g, '\\/')},line=\\d+,title=MTLS_MISMATCH`, 'm'));
    const quality = await audit('--format', 'codeclimate');
    expect(quality.exitCode).toBe(1);
    const issues = JSON.parse(quality.stdout) as Array<{ check_name: string; location: { path: string } }>;
    expect(issues.find((issue) => issue.check_name === 'MTLS_MISMATCH')!.location.path).toBe(`deploy/gitops/${PATCH}`);
  });

  it('HTML source links start at the git root too, and --path-prefix overrides them', async () => {
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/platform' };
    const commit = (await repo.git('rev-parse', 'HEAD')).trim();
    const links = async (...extra: string[]) => {
      const out = join(tmpdir(), `parity-links-${process.pid}-${extra.length}.html`);
      const run = await runCli(['audit', '--repo', tree, '--service', 'payments-service', '--format', 'html', '--out', out, ...extra], { env });
      expect(run.exitCode).toBe(1);
      const page = await readFile(out, 'utf8');
      await rm(out, { force: true });
      return [...page.matchAll(/href="(https:\/\/github\.com\/[^"]+)"/g)].map((match) => match[1]!);
    };
    const fromGit = await links();
    expect(fromGit).toContain(`https://github.com/acme/platform/blob/${commit}/deploy/gitops/${PATCH}#L11`);
    for (const link of fromGit) expect(link).toMatch(new RegExp(`^https://github\\.com/acme/platform/blob/${commit}/deploy/gitops/`));
    const overridden = await links('--path-prefix', 'infra');
    expect(overridden).toContain(`https://github.com/acme/platform/blob/${commit}/infra/${PATCH}#L11`);
  });

  it('--path-prefix overrides what git says', async () => {
    const run = await audit('--format', 'sarif', '--path-prefix', 'infra/');
    const text = run.stdout;
    expect(text).toContain(`"uri": "infra/${PATCH}"`);
    expect(text).not.toContain('deploy/gitops/');
  });

  it('leaves paths relative to --repo outside git', async () => {
    const plain = await mkdtemp(join(tmpdir(), 'parity-nogit-'));
    try {
      await cp(join(FIXTURES, 'ecommerce-infra'), plain, { recursive: true });
      const run = await runCli(['audit', '--repo', plain, '--service', 'payments-service', '--format', 'sarif'], { env: { GIT_CEILING_DIRECTORIES: tmpdir() } });
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toContain(`"uri": "${PATCH}"`);
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });
});

describe('parity explain', () => {
  it('prints the page of a finding code', async () => {
    const run = await runCli(['explain', 'MTLS_MISMATCH']);
    expect(run.exitCode).toBe(0);
    const page = await readFile(new URL('../../docs/codes/MTLS_MISMATCH.md', import.meta.url), 'utf8');
    expect(run.stdout).toBe(page.trimEnd());
    expect((await runCli(['explain', 'secret-reused'])).stdout).toMatch(/^# SECRET_REUSED — /);
  });

  it('refuses an unknown code with exit 2 and a suggestion on one line', async () => {
    const run = await runCli(['explain', 'MTLS_MISMATC']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr.trim()).toBe("parity: unknown finding code 'MTLS_MISMATC' (did you mean 'MTLS_MISMATCH'?)");
  });
});

describe('the link to the full report in GitHub Actions', () => {
  it('is the run page built from the Actions variables', () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com/', GITHUB_REPOSITORY: 'shop/gitops', GITHUB_RUN_ID: '4242' };
    expect(githubRunUrl(env)).toBe('https://github.com/shop/gitops/actions/runs/4242');
    expect(githubRunUrl({ ...env, GITHUB_ACTIONS: undefined })).toBeUndefined();
    expect(githubRunUrl({ ...env, GITHUB_RUN_ID: '' })).toBeUndefined();
  });
});
