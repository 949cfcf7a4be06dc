import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.js';
import { createRenderer, renderOverlays } from '../../src/render/index.js';
import type { RenderedOverlay } from '../../src/types.js';
import { FIXTURES, availableRenderers, fixtureOverlay } from './helpers.js';

const renderers = await availableRenderers();

async function renderOne(relDir: string, info = renderers[0]!): Promise<RenderedOverlay | RenderError> {
  const [result] = await renderOverlays([fixtureOverlay(relDir)], createRenderer(info), { repoDir: FIXTURES });
  return result!;
}

function rendered(result: RenderedOverlay | RenderError): RenderedOverlay {
  if (result instanceof RenderError) throw new Error(`unexpected render error: ${result.toLine()}`);
  return result;
}

function failed(result: RenderedOverlay | RenderError): RenderError {
  expect(result).toBeInstanceOf(RenderError);
  return result as RenderError;
}

describe.each(renderers.map((info) => [`${info.name} ${info.version}`, info] as const))('renderOverlays with %s', (_, info) => {
  it('renders a layered overlay, each object with the affixes Kustomize applied and the files that shaped it', async () => {
    const result = rendered(await renderOne('layered/overlays/top', info));
    expect(result.preRendered).toBe(false);
    const kinds = result.resources.map((resource) => resource.kind).sort();
    expect(kinds).toEqual(['ConfigMap', 'ConfigMap', 'Deployment', 'Secret', 'Service']);
    const deployment = result.resources.find((resource) => resource.kind === 'Deployment')!;
    const { chain } = result;
    expect(deployment.metadata.name).toBe('top-mid-trace-base-web-b-tr-mid-top');
    expect(deployment.metadata.annotations?.['config.kubernetes.io/origin']).toBeUndefined();
    const origin = result.origins![result.resources.indexOf(deployment)]!;
    expect(origin.sourceName).toBe('web');
    // One step per transformer (Kustomize's PrefixTransformer, then its SuffixTransformer), the outermost first.
    const steps = (file: string, prefix: string, suffix: string) => [{ prefix: '', suffix, file }, { prefix, suffix: '', file }];
    expect(origin.affixes).toEqual([
      ...steps('layered/overlays/top/kustomization.yaml', 'top-', '-top'),
      ...steps('layered/overlays/mid/kustomization.yaml', 'mid-', '-mid'),
      ...steps('layered/components/tracing/kustomization.yaml', 'trace-', '-tr'),
      ...steps('layered/base/kustomization.yaml', 'base-', '-b'),
    ]);
    expect(origin.file).toBe('layered/base/deployment.yaml');
    expect(origin.patchedIn).toEqual(expect.arrayContaining(['layered/overlays/top/kustomization.yaml', 'layered/overlays/mid/kustomization.yaml']));
    const generated = result.resources.findIndex((resource) => resource.kind === 'ConfigMap' && resource.metadata.name.includes('app-config'));
    expect(result.origins![generated]).toMatchObject({ sourceName: 'app-config', generator: { kind: 'ConfigMapGenerator', file: 'layered/base/kustomization.yaml' } });
    expect(deployment.metadata.namespace).toBe(chain.namespace);
    const image = chain.images[0]!;
    expect(JSON.stringify(deployment.spec)).toContain(`"image":"${image.newName}:${image.newTag}"`);
  });

  it('reports a missing base naming the directory', async () => {
    const error = failed(await renderOne('failing/missing-base', info));
    expect(error.overlay).toBe('failing/missing-base');
    expect(error.exitCode).not.toBe(0);
    expect(error.message).toMatch(/^Kustomize failed for failing\/missing-base: missing base .*does-not-exist-base/);
    expect(error.message).not.toContain('\n');
    expect(error.stderr).toContain('does-not-exist-base');
  });

  it('explains Kustomize\'s own malformed-YAML error with file and line', async () => {
    const error = await createRenderer(info).render(join(FIXTURES, 'failing/broken-resource')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).message).toContain('malformed YAML in configmap.yaml line 7');
    expect((error as RenderError).stderr).toMatch(/yaml: line 7/);
  });
});

describe('renderOverlays: before Kustomize runs', () => {
  it('fails fast on a remote resource, naming the file, line and URL', async () => {
    // A renderer that cannot start: the error can only come from the check before Kustomize runs.
    const error = failed(await renderOne('failing/remote-base', { name: 'kustomize', path: '/nonexistent/kustomize', version: 'v5.0.0' }));
    expect(error.file).toBe('failing/remote-base/kustomization.yaml');
    expect(error.line).toBe(3);
    expect(error.message).toContain('https://github.com/example/platform-config//base?ref=v1.2.3');
    expect(error.stderr).toBe('');
  });

  it('reports a malformed kustomization with file and line, as a RenderError of the overlay', async () => {
    const error = failed(await renderOne('failing/broken-kustomization'));
    expect(error.overlay).toBe('failing/broken-kustomization');
    expect(error.toLine()).toMatch(/^failing\/broken-kustomization\/kustomization\.yaml:\d+: invalid YAML/);
  });

  it('parses every resource and patch first: malformed YAML is named with repo path and line', async () => {
    const error = failed(await renderOne('failing/broken-resource'));
    expect(error.file).toBe('failing/broken-resource/configmap.yaml');
    expect([6, 7]).toContain(error.line); // the yaml library points at the start of the bad mapping
    expect(error.stderr).toBe('');
  });

  it('names a missing overlay directory', async () => {
    const error = failed(await renderOne('failing/no-such-overlay'));
    expect(error.toLine()).toBe('failing/no-such-overlay: overlay directory does not exist');
  });
});

describe('renderOverlays: pre-rendered manifests', () => {
  it('reads plain YAML without Kustomize, files in name order, empty documents skipped', async () => {
    const neverRuns = createRenderer({ name: 'kustomize', path: '/nonexistent/kustomize', version: 'v0.0.0' });
    const [result] = await renderOverlays([fixtureOverlay('pre-rendered/manifests')], neverRuns, { repoDir: FIXTURES });
    const overlay = rendered(result!);
    expect(overlay.preRendered).toBe(true);
    expect(overlay.resources.map((r) => `${r.kind}/${r.metadata.name}`)).toEqual(['ServiceAccount/web', 'Deployment/web', 'Service/web']);
    expect(overlay.chain.inputs).toEqual(['pre-rendered/manifests/10-workloads.yml', 'pre-rendered/manifests/20-service.yaml']);
  });

  it('refuses a document that is not a Kubernetes object, naming file and line', async () => {
    const error = failed(await renderOne('pre-rendered/not-objects'));
    expect(error.toLine()).toBe('pre-rendered/not-objects/a.yaml:1: document 1 is not a Kubernetes object: metadata.name is missing');
  });

  it('refuses a directory with neither a kustomization nor YAML', async () => {
    const error = failed(await renderOne('pre-rendered/empty-dir'));
    expect(error.message).toMatch(/neither a kustomization nor YAML/);
  });
});

describe('renderOverlays: the pool', () => {
  it('keeps input order and renders at most `concurrency` at once', async () => {
    let running = 0;
    let peak = 0;
    const inner = createRenderer(renderers[0]!);
    const counting = {
      info: inner.info,
      async render(dir: string, options?: { timeoutMs?: number }) {
        running += 1;
        peak = Math.max(peak, running);
        try {
          return await inner.render(dir, options);
        } finally {
          running -= 1;
        }
      },
    };
    const dirs = ['layered/overlays/top', 'failing/missing-base', 'layered/base', 'layered/overlays/mid', 'pre-rendered/manifests'];
    const results = await renderOverlays(dirs.map((dir) => fixtureOverlay(dir)), counting, { repoDir: FIXTURES, concurrency: 2 });
    expect(peak).toBe(2);
    expect(results.map((r) => (r instanceof RenderError ? r.overlay : r.overlay.relDir))).toEqual(dirs);
    expect(results.map((r) => r instanceof RenderError)).toEqual([false, true, false, false, false]);
  });
});
