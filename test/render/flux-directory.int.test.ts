import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.js';
import { createRenderer, renderOverlays } from '../../src/render/index.js';
import { scanFluxDirectory } from '../../src/render/flux-directory.js';
import type { Overlay, RenderedOverlay } from '../../src/types.js';
import { availableRenderers, useTempDirs } from './helpers.js';

/** A plain-YAML directory holding a kustomization, read as Flux's kustomize-controller reads it. */
const REPO = join(import.meta.dirname, '../../fixtures/realworld-classes/flux-clusters');
const renderers = await availableRenderers();
const tempDir = useTempDirs();

function overlay(repoDir: string, relDir: string): Overlay {
  return { service: 'fleet', env: relDir.split('/').pop()!, dir: join(repoDir, relDir), relDir };
}

const describeObjects = (result: RenderedOverlay) =>
  result.resources.map((object) => `${object.kind}/${object.metadata.name}`).sort();

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  a: "1"\n';
const NESTED = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamePrefix: nested-\nresources:\n  - cm.yaml\n';

describe('scanFluxDirectory', () => {
  it('lists YAML files in walk order and stops at subdirectories holding a kustomization', async () => {
    const scanned = await scanFluxDirectory(join(REPO, 'clusters/dev'));
    const rel = (path: string) => path.slice(join(REPO, 'clusters/dev').length + 1);
    expect(scanned.files.map(rel)).toEqual(['.sops.yaml', 'apps.yaml', 'infrastructure/infrastructure.yaml', 'infrastructure/values.yaml']);
    expect(scanned.kustomizations.map(rel)).toEqual(['flux-system']);
  });
});

describe.each(renderers.map((info) => [`${info.name} ${info.version}`, info] as const))('a Flux cluster directory with %s', (_, info) => {
  it('holds its plain manifests and the render of its nested kustomization, no other YAML', async () => {
    const [result] = await renderOverlays([overlay(REPO, 'clusters/production')], createRenderer(info), { repoDir: REPO });
    expect(result).not.toBeInstanceOf(RenderError);
    const rendered = result as RenderedOverlay;
    expect(rendered.preRendered).toBe(true);
    expect(describeObjects(rendered)).toEqual([
      'Deployment/kustomize-controller',
      'GitRepository/flux-system',
      'Kustomization/apps',
      'Kustomization/flux-system',
      'Kustomization/infrastructure',
      'Namespace/flux-system',
    ]);
    const repository = rendered.resources.find((object) => object.kind === 'GitRepository')!;
    expect((repository.spec as { url: string }).url).toBe('ssh://git@github.com/example/fleet-staging');
  });

  it('runs Kustomize on a nested kustomization (its transformers apply) and fails on its errors', async () => {
    const root = await tempDir();
    await writeTree(root, { 'env/plain.yaml': CONFIG_MAP, 'env/sub/kustomization.yaml': NESTED, 'env/sub/cm.yaml': CONFIG_MAP });
    const [ok] = await renderOverlays([overlay(root, 'env')], createRenderer(info), { repoDir: root });
    expect(describeObjects(ok as RenderedOverlay)).toEqual(['ConfigMap/nested-plain', 'ConfigMap/plain']);
    await writeFile(join(root, 'env/sub/kustomization.yaml'), `${NESTED}  - missing.yaml\n`);
    const [broken] = await renderOverlays([overlay(root, 'env')], createRenderer(info), { repoDir: root });
    expect(broken).toBeInstanceOf(RenderError);
    expect((broken as RenderError).overlay).toBe('env');
    expect((broken as RenderError).message).toContain('missing.yaml');
    expect((broken as RenderError).message).not.toContain(root);
  });
});

describe('plain-YAML directories', () => {
  it('still reject a file mixing objects and other documents', async () => {
    const root = await tempDir();
    await writeTree(root, { 'env/mixed.yaml': `${CONFIG_MAP}---\nreplicaCount: 2\n` });
    const [result] = await renderOverlays([overlay(root, 'env')], createRenderer(renderers[0]!), { repoDir: root });
    expect(result).toBeInstanceOf(RenderError);
    expect((result as RenderError).message).toContain('not a Kubernetes object');
  });

  it('skip a file with no Kubernetes object, and fail when nothing is left', async () => {
    const root = await tempDir();
    await writeTree(root, { 'env/values.yaml': 'replicaCount: 2\n', 'env/cm.yaml': CONFIG_MAP });
    const [result] = await renderOverlays([overlay(root, 'env')], createRenderer(renderers[0]!), { repoDir: root });
    expect(describeObjects(result as RenderedOverlay)).toEqual(['ConfigMap/plain']);
    await writeFile(join(root, 'env/cm.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Component\n');
    const [empty] = await renderOverlays([overlay(root, 'env')], createRenderer(renderers[0]!), { repoDir: root });
    expect(empty).toBeInstanceOf(RenderError);
    expect((empty as RenderError).message).toBe('env holds YAML but no Kubernetes manifests');
  });
});
