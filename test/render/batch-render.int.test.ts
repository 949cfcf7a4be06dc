import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.js';
import { renderOverlaysBatched } from '../../src/render/batch-render.js';
import { createRenderer, renderOverlays } from '../../src/render/index.js';
import type { Overlay, RenderedOverlay, Renderer } from '../../src/types.js';
import { writeSyntheticRepo } from '../../bench/synthetic-repo.mjs';
import { FIXTURES as RENDER_FIXTURES, availableRenderers, counting, kustomizationDirs, useTempDirs } from './helpers.js';

const PROJECT_FIXTURES = resolve(import.meta.dirname, '../../fixtures');
const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus');
const renderers = await availableRenderers();
const tempDir = useTempDirs();


function overlaysOf(dirs: string[], repoDir: string): Overlay[] {
  return dirs.map((dir, index) => {
    const relDir = relative(repoDir, dir).split('\\').join('/');
    return { service: `s${index}`, env: 'e', dir, relDir };
  });
}

type Outcome = RenderedOverlay | RenderError;

/** The same outcome: identical resources (key order included), or the same error line. */
function expectSame(batched: Outcome, alone: Outcome, label: string): void {
  if (alone instanceof RenderError) {
    expect(batched, label).toBeInstanceOf(RenderError);
    expect((batched as RenderError).toLine(), label).toBe(alone.toLine());
    return;
  }
  expect(batched, label).not.toBeInstanceOf(RenderError);
  expect(JSON.stringify((batched as RenderedOverlay).resources), label).toBe(JSON.stringify(alone.resources));
  expect((batched as RenderedOverlay).chain, label).toEqual(alone.chain);
  // Origins read through a batch's wrapper are the ones read through the overlay's own.
  expect((batched as RenderedOverlay).origins, label).toEqual(alone.origins);
}

async function compareBothWays(repoDir: string, overlays: Overlay[], renderer: Renderer): Promise<number> {
  const alone = await renderOverlays(overlays, renderer, { repoDir });
  const batched = await renderOverlaysBatched(overlays, renderer, { repoDir, maxBatch: 200 });
  overlays.forEach((overlay, index) => expectSame(batched[index]!, alone[index]!, overlay.relDir));
  return batched.filter((result) => !(result instanceof RenderError)).length;
}

const REPOS: Array<[string, string]> = [
  ['render fixtures', RENDER_FIXTURES],
  ...['ecommerce-infra', 'cross-env', 'layered-overlays', 'layouts', 'side-by-side-names', 'broken'].map(
    (name) => [`fixtures/${name}`, join(PROJECT_FIXTURES, name)] as [string, string],
  ),
];
if (existsSync(CORPUS)) {
  for (const name of await readdir(CORPUS)) {
    if (existsSync(join(CORPUS, name)) && name !== 'README.md') REPOS.push([`corpus/${name}`, join(CORPUS, name)]);
  }
}

describe.each(renderers.map((info) => [`${info.name} ${info.version}`, info] as const))('batched renders with %s', (_, info) => {
  const renderer = createRenderer(info);

  it.each(REPOS.filter(([label]) => info === renderers[0] || !label.startsWith('corpus/')))('render every kustomization of %s exactly as alone', async (_label, repoDir) => {
    const overlays = overlaysOf(await kustomizationDirs(repoDir), repoDir);
    expect(overlays.length).toBeGreaterThan(0);
    await compareBothWays(repoDir, overlays, renderer);
  });

  it('render a synthetic repo in a handful of processes, identical to one process per overlay', async () => {
    const repoDir = await tempDir();
    await writeSyntheticRepo(repoDir, 6);
    const overlays = overlaysOf(await kustomizationDirs(join(repoDir, 'apps')), repoDir).filter((o) => o.relDir.includes('/overlays/'));
    const counted = counting(renderer);
    const rendered = await renderOverlaysBatched(overlays, counted, { repoDir, concurrency: 2 });
    expect(counted.calls).toBe(2);
    const alone = await renderOverlays(overlays, renderer, { repoDir });
    overlays.forEach((overlay, index) => expectSame(rendered[index]!, alone[index]!, overlay.relDir));
  });
});

describe('batched renders: fallback when a batch fails', () => {
  const renderer = createRenderer(renderers[0]!);

  async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
  }

  const configMap = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;

  it('report a broken overlay against itself while the others of its batch still render', async () => {
    const repoDir = await tempDir();
    await writeSyntheticRepo(repoDir, 3);
    await writeFiles(repoDir, { 'apps/broken/kustomization.yaml': 'resources:\n- ../does-not-exist\n' });
    const dirs = [...(await kustomizationDirs(join(repoDir, 'apps'))).filter((dir) => dir.includes('/overlays/')), join(repoDir, 'apps/broken')];
    const overlays = overlaysOf(dirs, repoDir);
    const counted = counting(renderer);
    const batched = await renderOverlaysBatched(overlays, counted, { repoDir, concurrency: 1 });
    const broken = batched.at(-1)!;
    expect(broken).toBeInstanceOf(RenderError);
    expect((broken as RenderError).overlay).toBe('apps/broken');
    expect((broken as RenderError).message).toMatch(/^Kustomize failed for apps\/broken: /);
    expect(batched.slice(0, -1).every((result) => !(result instanceof RenderError))).toBe(true);
    expect(counted.calls).toBeGreaterThan(2);
    const alone = await renderOverlays(overlays, renderer, { repoDir });
    overlays.forEach((overlay, index) => expectSame(batched[index]!, alone[index]!, overlay.relDir));
  });

  it('split a batch whose overlays produce the same resource id, which the prediction missed', async () => {
    const repoDir = await tempDir();
    await writeFiles(repoDir, {
      // a's id is x-shared through its base's prefix, which the prediction (root prefix only) does not see.
      // Both rename objects, so both render with build metadata, in one batch.
      'a/kustomization.yaml': 'resources:\n- ../a-base\n',
      'a-base/kustomization.yaml': 'namePrefix: x-\nresources:\n- cm.yaml\n',
      'a-base/cm.yaml': configMap('shared'),
      'b/kustomization.yaml': 'namePrefix: x-\nresources:\n- cm.yaml\n',
      'b/cm.yaml': configMap('shared'),
    });
    const overlays = overlaysOf([join(repoDir, 'a'), join(repoDir, 'b')], repoDir);
    const counted = counting(renderer);
    const batched = await renderOverlaysBatched(overlays, counted, { repoDir, concurrency: 1 });
    expect(counted.calls).toBe(3);
    const alone = await renderOverlays(overlays, renderer, { repoDir });
    overlays.forEach((overlay, index) => expectSame(batched[index]!, alone[index]!, overlay.relDir));
    expect((batched[0] as RenderedOverlay).resources[0]!.metadata.name).toBe('x-shared');
  });

  it('report a load restriction against the overlay that breaks it', async () => {
    const repoDir = await tempDir();
    await writeFiles(repoDir, {
      'ok/kustomization.yaml': 'resources:\n- cm.yaml\n',
      'ok/cm.yaml': configMap('ok'),
      'outside/cm.yaml': configMap('outside'),
      'escapes/kustomization.yaml': 'resources:\n- ../outside/cm.yaml\n',
    });
    const overlays = overlaysOf([join(repoDir, 'ok'), join(repoDir, 'escapes')], repoDir);
    const batched = await renderOverlaysBatched(overlays, renderer, { repoDir, concurrency: 1 });
    expect(batched[0]).not.toBeInstanceOf(RenderError);
    expect(batched[1]).toBeInstanceOf(RenderError);
    expect((batched[1] as RenderError).overlay).toBe('escapes');
    const alone = await renderOverlays(overlays, renderer, { repoDir });
    overlays.forEach((overlay, index) => expectSame(batched[index]!, alone[index]!, overlay.relDir));
  });

  it('keep annotations the overlay sets, and add none where it sets none', async () => {
    const repoDir = await tempDir();
    await writeFiles(repoDir, {
      'one/kustomization.yaml': 'resources:\n- cm.yaml\n',
      'one/cm.yaml': `${configMap('plain')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: annotated\n  annotations:\n    zz: "1"\n    aa: "2"\n`,
      'two/kustomization.yaml': 'namespace: two\nresources:\n- cm.yaml\n',
      'two/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n  annotations: {}\n`,
    });
    const overlays = overlaysOf([join(repoDir, 'one'), join(repoDir, 'two')], repoDir);
    const counted = counting(renderer);
    const batched = await renderOverlaysBatched(overlays, counted, { repoDir, concurrency: 1 });
    expect(counted.calls).toBe(1);
    const alone = await renderOverlays(overlays, renderer, { repoDir });
    overlays.forEach((overlay, index) => expectSame(batched[index]!, alone[index]!, overlay.relDir));
  });

  it('never split and retry a batch over a failure that is not a render failure: it propagates', async () => {
    const repoDir = await tempDir();
    await writeFiles(repoDir, {
      'one/kustomization.yaml': 'resources:\n- cm.yaml\n',
      'one/cm.yaml': configMap('one'),
      'two/kustomization.yaml': 'resources:\n- cm.yaml\n',
      'two/cm.yaml': configMap('two'),
    });
    const overlays = overlaysOf([join(repoDir, 'one'), join(repoDir, 'two')], repoDir);
    const bug = new TypeError('a bug in the renderer');
    // The real Kustomize renders each overlay on its own; a batch meets the bug.
    const broken = counting({
      info: renderer.info,
      render: (dir, options) => (overlays.some((overlay) => overlay.dir === dir) ? renderer.render(dir, options) : Promise.reject(bug)),
    });
    await expect(renderOverlaysBatched(overlays, broken, { repoDir, concurrency: 1 })).rejects.toBe(bug);
    expect(broken.calls).toBe(1);
  });
});
