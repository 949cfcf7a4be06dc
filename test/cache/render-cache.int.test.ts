import { appendFile, cp, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderCached } from '../../src/cache/cached-render.js';
import { RenderCache } from '../../src/cache/render-cache.js';
import { renderOverlaysBatched } from '../../src/render/batch-render.js';
import { createRenderer } from '../../src/render/index.js';
import type { Overlay, RenderedOverlay, Renderer, RendererInfo } from '../../src/types.js';
import { ENVS, writeSyntheticRepo } from '../../bench/synthetic-repo.mjs';
import { availableRenderers } from '../render/helpers.js';

const renderers = await availableRenderers();
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parity-cache-'));
  dirs.push(dir);
  return dir;
}

function overlaysOf(repoDir: string, services: string[]): Overlay[] {
  return services.flatMap((service) =>
    ENVS.map((env) => {
      const relDir = `apps/${service}/overlays/${env}`;
      return { service, env, dir: join(repoDir, relDir), relDir };
    }),
  );
}

function counting(info: RendererInfo): Renderer & { calls: number } {
  const renderer = createRenderer(info);
  const counted = {
    info,
    calls: 0,
    render(dir: string, options?: { timeoutMs?: number }) {
      counted.calls += 1;
      return renderer.render(dir, options);
    },
  };
  return counted;
}

/** A repo of three services, its overlays, and a cache directory. Files are aged so their stats count as settled. */
async function setup(): Promise<{ repoDir: string; cacheDir: string; overlays: Overlay[] }> {
  const repoDir = await temp();
  const services = await writeSyntheticRepo(repoDir, 3);
  return { repoDir, cacheDir: await temp(), overlays: overlaysOf(repoDir, services) };
}

async function run(repoDir: string, cacheDir: string, overlays: Overlay[], info = renderers[0]!) {
  const renderer = counting(info);
  const results = await renderCached(overlays, renderer, new RenderCache(cacheDir, repoDir, renderer), { repoDir });
  return { results: results as RenderedOverlay[], calls: renderer.calls };
}

const json = (result: RenderedOverlay): string => JSON.stringify(result.resources);

/** The renders a fresh, uncached run gives now. */
async function truth(repoDir: string, overlays: Overlay[]): Promise<string[]> {
  const results = await renderOverlaysBatched(overlays, createRenderer(renderers[0]!), { repoDir });
  return (results as RenderedOverlay[]).map(json);
}

async function expectFresh(repoDir: string, cacheDir: string, overlays: Overlay[]): Promise<number> {
  const { results, calls } = await run(repoDir, cacheDir, overlays);
  expect(results.map(json)).toEqual(await truth(repoDir, overlays));
  return calls;
}

describe('render cache', () => {
  it('serves a second run without Kustomize, and the same renders', async () => {
    const { repoDir, cacheDir, overlays } = await setup();
    const cold = await run(repoDir, cacheDir, overlays);
    expect(cold.calls).toBeGreaterThan(0);
    const warm = await run(repoDir, cacheDir, overlays);
    expect(warm.calls).toBe(0);
    expect(warm.results.map(json)).toEqual(cold.results.map(json));
  });

  it('re-renders every service that shares an edited component', async () => {
    const { repoDir, cacheDir, overlays } = await setup();
    await run(repoDir, cacheDir, overlays);
    const file = join(repoDir, 'components/observability/kustomization.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('prometheus.io/port: "9090"', 'prometheus.io/port: "9191"'));
    expect(await expectFresh(repoDir, cacheDir, overlays)).toBeGreaterThan(0);
    const { results } = await run(repoDir, cacheDir, overlays);
    for (const result of results) expect(json(result)).toContain('9191');
  });

  it('re-renders the three overlays of a service whose shared base changed, and only those', async () => {
    const { repoDir, cacheDir, overlays } = await setup();
    const before = await run(repoDir, cacheDir, overlays);
    await appendFile(join(repoDir, 'apps/svc-0002/base/service.yaml'), '  - name: grpc\n    port: 9000\n');
    const after = await run(repoDir, cacheDir, overlays);
    expect(after.results.map(json)).toEqual(await truth(repoDir, overlays));
    after.results.forEach((result, index) => {
      const changed = result.overlay.service === 'svc-0002';
      expect(json(result) === json(before.results[index]!), result.overlay.relDir).toBe(!changed);
    });
  });

  it('re-renders both services built on an edited shared base, and only those', async () => {
    const { repoDir, cacheDir, overlays } = await setup();
    // A base outside the service folders, pulled in by svc-0001 and svc-0002 (each under its own suffix).
    await mkdir(join(repoDir, 'platform/base'), { recursive: true });
    await writeFile(join(repoDir, 'platform/base/kustomization.yaml'), 'resources:\n- settings.yaml\n');
    await writeFile(
      join(repoDir, 'platform/base/settings.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: platform-settings\ndata:\n  TRACING: "off"\n',
    );
    for (const service of ['svc-0001', 'svc-0002']) {
      await mkdir(join(repoDir, `apps/${service}/platform`), { recursive: true });
      await writeFile(join(repoDir, `apps/${service}/platform/kustomization.yaml`), `nameSuffix: -${service}\nresources:\n- ../../../platform/base\n`);
      const base = join(repoDir, `apps/${service}/base/kustomization.yaml`);
      await writeFile(base, (await readFile(base, 'utf8')).replace('resources:\n', 'resources:\n- ../platform\n'));
    }
    const before = await run(repoDir, cacheDir, overlays);
    expect(before.results.map(json)).toEqual(await truth(repoDir, overlays));
    await writeFile(
      join(repoDir, 'platform/base/settings.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: platform-settings\ndata:\n  TRACING: "on"\n',
    );
    const after = await run(repoDir, cacheDir, overlays);
    expect(after.results.map(json)).toEqual(await truth(repoDir, overlays));
    after.results.forEach((result, index) => {
      const shared = result.overlay.service !== 'svc-0003';
      expect(json(result) === json(before.results[index]!), result.overlay.relDir).toBe(!shared);
      if (shared) expect(json(result)).toContain('"TRACING":"on"');
    });
  });

  it('re-renders when a generator input file changes, even with the same size and mtime', async () => {
    const { repoDir, cacheDir, overlays } = await setup();
    await run(repoDir, cacheDir, overlays);
    const file = join(repoDir, 'apps/svc-0001/base/config/app.properties');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('feature.cache=true', 'feature.cache=nope'));
    const { results } = await run(repoDir, cacheDir, overlays);
    expect(results.map(json)).toEqual(await truth(repoDir, overlays));
    expect(json(results[0]!)).toContain('feature.cache=nope');
    // Same bytes length, mtime set back: the content hash still tells them apart.
    const stamp = new Date(Date.now() - 60_000);
    await writeFile(file, text.replace('feature.cache=true', 'feature.cache=tru3'));
    await utimes(file, stamp, stamp);
    expect(json((await run(repoDir, cacheDir, overlays)).results[0]!)).toContain('feature.cache=tru3');
  });

  it('re-renders when a kustomization file appears beside another (Kustomize then refuses the overlay)', async () => {
    const { repoDir, cacheDir, overlays } = await setup();
    await run(repoDir, cacheDir, overlays);
    await writeFile(join(repoDir, 'apps/svc-0003/overlays/dev/kustomization.yml'), 'resources: []\n');
    const renderer = counting(renderers[0]!);
    const results = await renderCached(overlays, renderer, new RenderCache(cacheDir, repoDir, renderer), { repoDir });
    const dev = results[overlays.findIndex((o) => o.relDir === 'apps/svc-0003/overlays/dev')]!;
    expect(dev).toBeInstanceOf(Error);
  });

  it('serves a private copy by content alone: an edited copy never gets the render of the overlay at its path, nor the overlay the copy\'s', async () => {
    const { repoDir, cacheDir, overlays } = await setup();
    // Past the racy window, so the index records the repository's overlays by their stats.
    await new Promise((done) => setTimeout(done, 2_100));
    await run(repoDir, cacheDir, overlays);
    const copyRoot = await temp();
    await cp(repoDir, copyRoot, { recursive: true });
    const copies = overlays.map((overlay) => ({ ...overlay, dir: join(copyRoot, overlay.relDir) }));
    const edited = overlays.findIndex((overlay) => overlay.relDir === 'apps/svc-0001/overlays/production');
    const file = join(copies[edited]!.dir, 'kustomization.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('newTag: "1.3.1"', 'newTag: "1.3.9"'));
    const renderCopy = async () => {
      const renderer = counting(renderers[0]!);
      const results = await renderCached(copies, renderer, new RenderCache(cacheDir, repoDir, renderer).forCopy(copyRoot), { repoDir: copyRoot });
      return { results: results as RenderedOverlay[], calls: renderer.calls };
    };
    const first = await renderCopy();
    expect(first.calls).toBeGreaterThan(0);
    expect(first.results.map(json)).toEqual(await truth(copyRoot, copies));
    expect(json(first.results[edited]!)).toContain('1.3.9');
    const again = await renderCopy();
    expect(again.calls).toBe(0);
    expect(again.results.map(json)).toEqual(first.results.map(json));
    const own = await run(repoDir, cacheDir, overlays);
    expect(own.calls).toBe(0);
    expect(own.results.map(json)).toEqual(await truth(repoDir, overlays));
    expect(json(own.results[edited]!)).not.toContain('1.3.9');
  });

  it('keeps renders of one renderer apart from another (an upgrade re-renders)', async () => {
    const { repoDir, cacheDir, overlays } = await setup();
    await run(repoDir, cacheDir, overlays);
    const upgraded: RendererInfo = { ...renderers[0]!, version: `${renderers[0]!.version}-next` };
    const { calls } = await run(repoDir, cacheDir, overlays, upgraded);
    expect(calls).toBeGreaterThan(0);
    expect((await run(repoDir, cacheDir, overlays, upgraded)).calls).toBe(0);
  });
});
