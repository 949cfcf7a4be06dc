import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PromoteError } from '../../src/errors.js';
import { rollback } from '../../src/rollback/rollback.js';
import type { AuditResult } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const PROD = 'apps/web/overlays/production/kustomization.yaml';

const BASE = {
  'apps/web/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
  'apps/web/base/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - {name: web, image: ghcr.io/acme/web}\n',
};

const overlay = (tag: string, extra = '') =>
  `# web — production (owned by the platform team)\nresources:\n  - ../../base\n${extra}images:\n  - name: ghcr.io/acme/web\n    newTag: ${tag} # set by promotion\n`;

let repo: TempRepo;
afterEach(async () => repo?.remove());

async function commit(message: string, files: Record<string, string>): Promise<string> {
  for (const [file, text] of Object.entries(files)) await repo.write(file, text);
  await repo.git('add', '-A');
  await repo.git('commit', '-q', '-m', message);
  return (await repo.git('rev-parse', 'HEAD')).trim();
}

/** initial 1.0.0 → promote 1.1.0 → plain bump 1.2.0 → promote 1.3.0 → a comment-and-label edit of the same file. */
async function history() {
  repo = await createTempRepo({
    ...BASE,
    'apps/web/overlays/staging/kustomization.yaml': 'resources: [../../base]\nimages:\n  - {name: ghcr.io/acme/web, newTag: 1.3.0}\n',
    [PROD]: overlay('1.0.0'),
  });
  const promoted = await commit('promote(production): web → 1.1.0\n\nParity-Audited-Commit: abc\nParity-Version: 0.1.0', { [PROD]: overlay('1.1.0') });
  const plain = await commit('bump web in production', { [PROD]: overlay('1.2.0') });
  const latest = await commit('promote(production): web → 1.3.0\n\nParity-Version: 0.1.0', { [PROD]: overlay('1.3.0') });
  const later = await commit('production: label the workload', { [PROD]: overlay('1.3.0', 'labels:\n  - pairs: {tier: web}\n') });
  return { promoted, plain, latest, later };
}

describe('parity rollback (real git history)', () => {
  it('restores the previous tag in one commit with trailers, keeping a later edit of the same file, and says so', async () => {
    const shas = await history();
    const run = await runCli(['rollback', '--repo', repo.dir, '--service', 'web', '--env', 'production', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.rollback).toMatchObject({
      status: 'committed', from: '1.3.0', tag: '1.2.0',
      reverts: [{ sha: shas.latest, tag: '1.3.0' }],
      laterCommits: [{ sha: shas.later, subject: 'production: label the workload' }],
      message: `rollback(production): web → 1.2.0 (reverts ${shas.latest.slice(0, 12)})`,
    });
    expect(await readFile(join(repo.dir, PROD), 'utf8')).toBe(overlay('1.2.0', 'labels:\n  - pairs: {tier: web}\n'));
    const message = await repo.git('log', '-1', '--format=%B');
    expect(message).toContain(`rollback(production): web → 1.2.0 (reverts ${shas.latest.slice(0, 12)})`);
    expect(message).toMatch(new RegExp(`^Parity-Reverts: ${shas.latest}$`, 'm'));
    expect(message).toMatch(/^Parity-Rolled-Back-From: 1\.3\.0$/m);
    expect(result.rollback!.commit).toBe((await repo.git('rev-parse', 'HEAD')).trim());
    expect((await repo.git('status', '--porcelain')).trim()).toBe('');
    // The audit of the rolled-back state rides along as information.
    expect(result.services.map((service) => service.name)).toEqual(['web']);
    const human = await runCli(['rollback', '--repo', repo.dir, '--service', 'web', '--env', 'production', '--dry-run']);
    expect(human.stdout).toMatch(/Dry run: would roll back web in production: 1\.2\.0 → 1\.1\.0 .*reverts [0-9a-f]{12}\)"\n {2}reverts [0-9a-f]{12} bump web in production\n {2}restores only the tag: 1 later commit\(s\) also changed/);
  });

  it('shows the audit of the rolled-back state, with and without --dry-run, and drift does not block it', async () => {
    const shas = await history();
    const patch = 'apps/web/overlays/production/debug.yaml';
    await commit('production: debug mode', {
      [patch]: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: web, env: [{name: MODE, value: debug}]}\n',
      [PROD]: overlay('1.3.0', 'labels:\n  - pairs: {tier: web}\npatches:\n  - path: debug.yaml\n'),
    });
    const image = (result: AuditResult) => result.findings.find((finding) => finding.path === 'spec.template.spec.containers[name=web].image');

    const dry = await runCli(['rollback', '--repo', repo.dir, '--service', 'web', '--env', 'production', '--dry-run', '--format', 'json']);
    expect(dry.exitCode).toBe(0);
    const planned = JSON.parse(dry.stdout) as AuditResult;
    expect(planned.rollback).toMatchObject({ status: 'dry-run', from: '1.3.0', tag: '1.2.0', reverts: [{ sha: shas.latest }] });
    // The file still says 1.3.0, the audit already sees production at 1.2.0.
    expect(await readFile(join(repo.dir, PROD), 'utf8')).toContain('newTag: 1.3.0');
    expect(image(planned)?.values).toEqual({ staging: 'ghcr.io/acme/web:1.3.0', production: 'ghcr.io/acme/web:1.2.0' });
    expect(planned.findings.find((finding) => finding.path === 'spec.template.spec.containers[name=web].env')).toMatchObject({ code: 'VALUE_DRIFT', severity: 'error', allowed: null });

    const human = await runCli(['rollback', '--repo', repo.dir, '--service', 'web', '--env', 'production', '--dry-run']);
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toMatch(/The audit above is of the state after the rollback \(nothing written\)/);

    const run = await runCli(['rollback', '--repo', repo.dir, '--service', 'web', '--env', 'production', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    const done = JSON.parse(run.stdout) as AuditResult;
    expect(done.rollback!.status).toBe('committed');
    expect(done.findings.filter((finding) => finding.severity === 'error' && finding.allowed === null)).not.toEqual([]);
    expect(image(done)?.values).toEqual(image(planned)?.values);
    expect(done.findings.map((finding) => finding.id).sort()).toEqual(planned.findings.map((finding) => finding.id).sort());
    expect(await repo.git('log', '-1', '--format=%s')).toBe(`rollback(production): web → 1.2.0 (reverts ${shas.latest.slice(0, 12)})`);
  });

  it('goes back several steps, counting plain commits that changed the tag, and --to an earlier tag', async () => {
    const shas = await history();
    const steps = await rollback({ repoDir: repo.dir, service: 'web', env: 'production', steps: 2, dryRun: true });
    expect(steps.rollback).toMatchObject({ status: 'dry-run', tag: '1.1.0', reverts: [{ sha: shas.latest }, { sha: shas.plain }] });
    expect(steps.rollback!.diff).toContain('-    newTag: 1.3.0 # set by promotion\n+    newTag: 1.1.0 # set by promotion');
    expect(await readFile(join(repo.dir, PROD), 'utf8')).toContain('newTag: 1.3.0');
    const to = await rollback({ repoDir: repo.dir, service: 'web', env: 'production', to: '1.0.0' });
    expect(to.rollback).toMatchObject({ status: 'committed', tag: '1.0.0' });
    expect(to.rollback!.reverts.map((change) => change.sha)).toEqual([shas.latest, shas.plain, shas.promoted]);
    expect(await readFile(join(repo.dir, PROD), 'utf8')).toContain('newTag: 1.0.0 # set by promotion');
  });

  it('exits 2 when no earlier tag exists, or --to names a tag the history never held', async () => {
    repo = await createTempRepo({ ...BASE, 'apps/web/overlays/staging/kustomization.yaml': overlay('1.0.0'), [PROD]: overlay('1.0.0') });
    const run = await runCli(['rollback', '--repo', repo.dir, '--service', 'web', '--env', 'production']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^parity: apps\/web\/overlays\/production\/kustomization\.yaml: no earlier tag of ghcr\.io\/acme\/web/m);
    await commit('promote(production): web → 1.1.0', { [PROD]: overlay('1.1.0') });
    await expect(rollback({ repoDir: repo.dir, service: 'web', env: 'production', to: '9.9.9' })).rejects.toThrow(/9\.9\.9 is not an earlier tag/);
  });

  it('refuses a dirty kustomization and a detached HEAD, and writes nothing', async () => {
    await history();
    await repo.write(PROD, `${overlay('1.3.0')}# local edit\n`);
    await expect(rollback({ repoDir: repo.dir, service: 'web', env: 'production' })).rejects.toThrow(PromoteError);
    expect(await readFile(join(repo.dir, PROD), 'utf8')).toContain('# local edit');
    await repo.git('checkout', '-q', '--', PROD);
    await repo.git('checkout', '-q', '--detach');
    const run = await runCli(['rollback', '--repo', repo.dir, '--service', 'web', '--env', 'production']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/HEAD is detached/);
    expect(await readFile(join(repo.dir, PROD), 'utf8')).toBe(overlay('1.3.0', 'labels:\n  - pairs: {tier: web}\n'));
  });

  it('undoes a multi-image promotion as a whole, names each image, and --image narrows it to one', async () => {
    const TWO = 'apps/web/base/deployment.yaml';
    const twoImages = (web: string, proxy: string) =>
      `resources:\n  - ../../base\nimages:\n  - name: ghcr.io/acme/web\n    newTag: ${web}\n  - name: ghcr.io/acme/proxy # the sidecar\n    newTag: ${proxy}\n`;
    repo = await createTempRepo({
      ...BASE,
      [TWO]: BASE[TWO].replace('        - {name: web, image: ghcr.io/acme/web}\n', '        - {name: web, image: ghcr.io/acme/web}\n        - {name: proxy, image: ghcr.io/acme/proxy}\n'),
      'apps/web/overlays/staging/kustomization.yaml': twoImages('1.1.0', '2.1.0'),
      [PROD]: twoImages('1.0.0', '2.0.0'),
    });
    const both = await commit('promote(production): web → ghcr.io/acme/web:1.1.0, ghcr.io/acme/proxy:2.1.0', { [PROD]: twoImages('1.1.0', '2.1.0') });

    const narrowed = await rollback({ repoDir: repo.dir, service: 'web', env: 'production', image: 'ghcr.io/acme/proxy', dryRun: true });
    expect(narrowed.rollback).toMatchObject({ image: 'ghcr.io/acme/proxy', from: '2.1.0', tag: '2.0.0', images: [{ image: 'ghcr.io/acme/proxy', from: '2.1.0', tag: '2.0.0' }] });
    expect(narrowed.rollback!.diff).not.toMatch(/^[-+] .*newTag: 1\./m);
    expect(narrowed.rollback!.diff).toMatch(/^\+ {4}newTag: 2\.0\.0$/m);
    const to = await runCli(['rollback', '--repo', repo.dir, '--service', 'web', '--env', 'production', '--to', '1.0.0']);
    expect(to.exitCode).toBe(2);
    expect(to.stderr).toMatch(/--to names one image's tag.*choose one with --image/);

    const run = await runCli(['rollback', '--repo', repo.dir, '--service', 'web', '--env', 'production', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.rollback).toMatchObject({
      status: 'committed', image: 'ghcr.io/acme/web', from: '1.1.0', tag: '1.0.0',
      images: [{ image: 'ghcr.io/acme/web', from: '1.1.0', tag: '1.0.0' }, { image: 'ghcr.io/acme/proxy', from: '2.1.0', tag: '2.0.0' }],
      reverts: [{ sha: both, tag: 'ghcr.io/acme/web:1.1.0, ghcr.io/acme/proxy:2.1.0' }],
      message: `rollback(production): web → ghcr.io/acme/web:1.0.0, ghcr.io/acme/proxy:2.0.0 (reverts ${both.slice(0, 12)})`,
    });
    expect(await readFile(join(repo.dir, PROD), 'utf8')).toBe(twoImages('1.0.0', '2.0.0'));
    const message = await repo.git('log', '-1', '--format=%B');
    expect(message).toMatch(/^Parity-Images: ghcr\.io\/acme\/web:1\.0\.0 ghcr\.io\/acme\/proxy:2\.0\.0$/m);
    expect(message).toMatch(/^Parity-Rolled-Back-From: ghcr\.io\/acme\/web:1\.1\.0 ghcr\.io\/acme\/proxy:2\.1\.0$/m);
    // The audit of the rolled-back state sees both images back.
    const images = result.findings.filter((finding) => finding.code === 'IMAGE_MISMATCH' || finding.path?.endsWith('.image'));
    expect(images.map((finding) => finding.values?.production).sort()).toEqual(['ghcr.io/acme/proxy:2.0.0', 'ghcr.io/acme/web:1.0.0']);
    // Nothing earlier: a second rollback has no tag to go back to.
    const again = await runCli(['rollback', '--repo', repo.dir, '--service', 'web', '--env', 'production']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/no earlier tag of ghcr\.io\/acme\/web in the history of .* \([0-9a-f]{12} set its first\)$/m);
  });

  it('undoes a promotion that added the images: entry by removing it, leaving the file as it was', async () => {
    const plain = 'resources:\n  - ../../base\n';
    repo = await createTempRepo({
      ...BASE,
      'apps/web/base/deployment.yaml': BASE['apps/web/base/deployment.yaml'].replace('image: ghcr.io/acme/web}', 'image: ghcr.io/acme/web:1.0.0}'),
      'apps/web/overlays/staging/kustomization.yaml': 'resources: [../../base]\nimages:\n  - {name: ghcr.io/acme/web, newTag: 1.1.0}\n',
      [PROD]: plain,
    });
    const promote = await runCli(['promote', '--repo', repo.dir, '--service', 'web', '--from', 'staging', '--to', 'production']);
    expect(promote.exitCode).toBe(0);
    expect(await readFile(join(repo.dir, PROD), 'utf8')).toContain('newTag: 1.1.0');
    const promoted = (await repo.git('rev-parse', 'HEAD')).trim();

    const run = await runCli(['rollback', '--repo', repo.dir, '--service', 'web', '--env', 'production', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.rollback).toMatchObject({
      status: 'committed', image: 'ghcr.io/acme/web', from: '1.1.0', tag: null,
      images: [{ image: 'ghcr.io/acme/web', from: '1.1.0', tag: null }],
      reverts: [{ sha: promoted, tag: '1.1.0' }],
      message: `rollback(production): web → ghcr.io/acme/web as the rest of the chain sets it (reverts ${promoted.slice(0, 12)})`,
    });
    expect(await readFile(join(repo.dir, PROD), 'utf8')).toBe(plain);
    const image = result.findings.find((finding) => finding.path === 'spec.template.spec.containers[name=web].image');
    expect(image?.values).toEqual({ staging: 'ghcr.io/acme/web:1.1.0', production: 'ghcr.io/acme/web:1.0.0' });
    // The promotion is undone; before it the overlay set no tag: nothing further back.
    const again = await runCli(['rollback', '--repo', repo.dir, '--service', 'web', '--env', 'production']);
    expect(again.exitCode).toBe(2);
  });

  it('exits 2 outside a git repository', async () => {
    repo = await createTempRepo({ ...BASE, [PROD]: overlay('1.0.0') });
    await rm(join(repo.dir, '.git'), { recursive: true, force: true });
    const run = await runCli(['rollback', '--repo', repo.dir, '--service', 'web', '--env', 'production'], { env: { GIT_CEILING_DIRECTORIES: join(repo.dir, '..') } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/not a git repository/);
  });
});
