import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.js';
import { HELM_INSTALL_HINT } from '../../src/helm/find-helm.js';
import { createHelmLocator } from '../../src/helm/helm-locator.js';
import { renderOverlaysBatched } from '../../src/render/batch-render.js';
import { renderOverlays } from '../../src/render/render-overlays.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { buildArgs } from '../../src/kustomize/run-kustomize.js';
import { chartDirOf, versionedChartDirs } from '../../src/render/helm-charts.js';
import type { Overlay, RenderCallOptions, RenderedOverlay, Renderer, RendererInfo } from '../../src/types.js';
import { HELM, noHelm } from '../helm/helpers.js';
import { copyFixture, FIXTURES as PROJECT_FIXTURES } from '../support/temp-copy.js';
import { availableRenderers } from './helpers.js';

const REPO = join(PROJECT_FIXTURES, 'kustomize-helmcharts');
const renderers = await availableRenderers();

function overlayOf(repoDir: string, service: string, env: string): Overlay {
  const relDir = `apps/${service}/overlays/${env}`;
  return { service, env, dir: join(repoDir, relDir), relDir };
}

const ALL = (repoDir: string) => ['web', 'plain'].flatMap((service) => ['dev', 'production'].map((env) => overlayOf(repoDir, service, env)));

/** The real Kustomize, recording the helm each render was given (none: Helm stayed off). */
function recording(renderer: Renderer): Renderer & { calls: Array<{ dir: string; helmCommand: string | undefined }> } {
  const recorder = {
    info: renderer.info,
    calls: [] as Array<{ dir: string; helmCommand: string | undefined }>,
    render(dir: string, options?: RenderCallOptions) {
      recorder.calls.push({ dir, helmCommand: options?.helmCommand });
      return renderer.render(dir, options);
    },
  };
  return recorder;
}

function rendered(result: RenderedOverlay | RenderError | undefined): RenderedOverlay {
  if (result instanceof RenderError) throw new Error(`unexpected render error: ${result.toLine()}`);
  if (!result) throw new Error('no result');
  return result;
}

describe('Kustomize arguments', () => {
  it('enable Helm and name its binary only when asked to', () => {
    const kustomize: RendererInfo = { name: 'kustomize', path: '/k', version: 'v5.5.0' };
    const kubectl: RendererInfo = { name: 'kubectl', path: '/kc', version: 'v5.5.0' };
    expect(buildArgs(kustomize, '/o')).toEqual(['build', '/o']);
    expect(buildArgs(kubectl, '/o')).toEqual(['kustomize', '/o']);
    expect(buildArgs(kustomize, '/o', '/bin/helm')).toEqual(['build', '--enable-helm', '--helm-command', '/bin/helm', '/o']);
    expect(buildArgs(kubectl, '/o', '/bin/helm')).toEqual(['kustomize', '--enable-helm', '--helm-command', '/bin/helm', '/o']);
  });
});

describe('where Kustomize looks for a vendored chart', () => {
  it.each([
    ['v4.5.4', false],
    ['v5.0.1', false],
    ['v5.0.2', true],
    ['v5.5.0', true],
    ['v6.0.0', true],
  ])('Kustomize %s keeps charts per version: %s', (version, versioned) => {
    expect(versionedChartDirs(version)).toBe(versioned);
  });

  it('is <home>/<name>-<version>/<name> for a chart with repo and version under Kustomize ≥ 5.0.2, else <home>/<name>', () => {
    const chart = { name: 'web', repo: 'https://charts.example.com', version: '1.2.3' };
    expect(chartDirOf(chart, '/c', 'v5.5.0')).toBe(resolve('/c/web-1.2.3/web'));
    expect(chartDirOf(chart, '/c', 'v4.5.4')).toBe(resolve('/c/web'));
    expect(chartDirOf({ name: 'web', version: '1.2.3' }, '/c', 'v5.5.0')).toBe(resolve('/c/web'));
    expect(chartDirOf({ name: 'web', repo: 'https://charts.example.com' }, '/c', 'v5.5.0')).toBe(resolve('/c/web'));
  });
});

describe.skipIf(noHelm).each(renderers.map((info) => [`${info.name} ${info.version}`, info] as const))('helmCharts with %s', (_, info) => {
  it('renders both environments with their own values, passing --enable-helm only to chains that use helmCharts', async () => {
    const renderer = recording(createRenderer(info));
    const helm = createHelmLocator({ helm: HELM });
    const results = await renderOverlaysBatched(ALL(REPO), renderer, { repoDir: REPO, helm });
    const [webDev, webProd, plainDev, plainProd] = results.map(rendered);
    const replicas = (overlay: RenderedOverlay) => overlay.resources.find((r) => r.kind === 'Deployment')?.spec;
    expect(replicas(webDev!)).toMatchObject({ replicas: 1 });
    expect(replicas(webProd!)).toMatchObject({ replicas: 3 });
    // The base's own chart (helmCharts in a base) is inflated too.
    expect(webDev!.resources.map((r) => `${r.kind}/${r.metadata.name}`).sort()).toEqual(['ConfigMap/web-config', 'Deployment/web', 'Secret/web-db', 'ServiceAccount/web']);
    expect(webDev!.helm).toMatchObject({ name: 'helm', path: HELM });
    expect(plainDev!.helm).toBeUndefined();
    expect(plainProd!.resources.map((r) => r.metadata.name)).toEqual(['plain']);

    const helmOf = (dir: string) => renderer.calls.filter((call) => call.dir === dir).map((call) => call.helmCommand);
    // Each web overlay rendered alone, with Helm on; nothing else was given helm.
    expect(helmOf(join(REPO, 'apps/web/overlays/dev'))).toEqual([HELM]);
    expect(helmOf(join(REPO, 'apps/web/overlays/production'))).toEqual([HELM]);
    const others = renderer.calls.filter((call) => !call.dir.startsWith(join(REPO, 'apps/web/')));
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((call) => call.helmCommand === undefined)).toBe(true);
  });

  it('renders in batches exactly as every overlay alone', async () => {
    const helm = createHelmLocator({ helm: HELM });
    const renderer = createRenderer(info);
    const alone = await renderOverlays(ALL(REPO), renderer, { repoDir: REPO, helm });
    const batched = await renderOverlaysBatched(ALL(REPO), renderer, { repoDir: REPO, helm, maxBatch: 200 });
    alone.forEach((result, index) => {
      expect(JSON.stringify(rendered(batched[index]).resources)).toBe(JSON.stringify(rendered(result).resources));
      expect(rendered(batched[index]).helm).toEqual(rendered(result).helm);
    });
  });

  it('without a helm, fails the helmCharts overlays naming what to install, and renders the others', async () => {
    const renderer = recording(createRenderer(info));
    const helm = createHelmLocator({ env: { PATH: '' } });
    const results = await renderOverlaysBatched(ALL(REPO), renderer, { repoDir: REPO, helm });
    for (const result of results.slice(0, 2)) {
      expect(result).toBeInstanceOf(RenderError);
      expect((result as RenderError).message).toBe(HELM_INSTALL_HINT);
    }
    expect(results.slice(2).every((result) => !(result instanceof RenderError))).toBe(true);
    expect(renderer.calls.some((call) => call.dir.includes('apps/web/'))).toBe(false);
  });
});

describe('helmCharts offline', () => {
  // A renderer that cannot start: every refusal here comes from parity, before Kustomize runs.
  const neverRuns = (version: string) => createRenderer({ name: 'kustomize', path: '/nonexistent/kustomize', version });

  async function withRemoteChart(entry: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
    const copy = await copyFixture('kustomize-helmcharts');
    const file = join(copy.dir, 'apps/web/overlays/production/kustomization.yaml');
    await writeFile(file, `${await readFile(file, 'utf8')}${entry}`);
    return copy;
  }

  it('refuses a chart that is not vendored, naming chart, repo, version and --allow-remote', async () => {
    const copy = await withRemoteChart('  - name: cache\n    repo: https://charts.example.invalid\n    version: 2.1.0\n    releaseName: cache\n');
    try {
      const helm = createHelmLocator({ env: { PATH: '' } });
      const [result] = await renderOverlaysBatched([overlayOf(copy.dir, 'web', 'production')], neverRuns('v5.5.0'), { repoDir: copy.dir, helm });
      expect(result).toBeInstanceOf(RenderError);
      const error = result as RenderError;
      expect(error.message).toContain('Helm chart cache (repo https://charts.example.invalid, version 2.1.0)');
      expect(error.message).toContain('apps/web/overlays/production/charts/cache-2.1.0/cache');
      expect(error.message).toContain('--allow-remote');
      expect(error.file).toBe('apps/web/overlays/production/kustomization.yaml');
      expect(error.line).toBe(10);
    } finally {
      await copy.cleanup();
    }
  });

  it('follows the Kustomize version: a chart vendored as <home>/<name> is remote for Kustomize ≥ 5.0.2 when repo and version are set', async () => {
    const copy = await copyFixture('kustomize-helmcharts');
    try {
      const file = join(copy.dir, 'apps/web/overlays/production/kustomization.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('version: 1.4.0', 'version: 1.4.0\n    repo: https://charts.example.invalid'));
      const overlay = overlayOf(copy.dir, 'web', 'production');
      const refuse = async (version: string) => {
        const [result] = await renderOverlaysBatched([overlay], neverRuns(version), { repoDir: copy.dir, helm: createHelmLocator({ env: { PATH: '' } }) });
        return (result as RenderError).message;
      };
      expect(await refuse('v5.5.0')).toMatch(/Helm chart web .* is not vendored .*--allow-remote/);
      // Kustomize 4 reads charts/web: not remote; what stops it next is the missing helm.
      expect(await refuse('v4.5.4')).toBe(HELM_INSTALL_HINT);
    } finally {
      await copy.cleanup();
    }
  });

  it('refuses a values file given as a URL', async () => {
    const copy = await withRemoteChart('  - name: web\n    releaseName: extra\n    valuesFile: https://config.example.invalid/values.yaml\n');
    try {
      const [result] = await renderOverlaysBatched([overlayOf(copy.dir, 'web', 'production')], neverRuns('v5.5.0'), { repoDir: copy.dir });
      expect((result as RenderError).message).toMatch(/reads its values from https:\/\/config\.example\.invalid\/values\.yaml.*--allow-remote/);
    } finally {
      await copy.cleanup();
    }
  });

  it('leaves the decision to Kustomize with --allow-remote (it is then asked to fetch)', async () => {
    const copy = await withRemoteChart('  - name: cache\n    repo: https://charts.example.invalid\n    version: 2.1.0\n    releaseName: cache\n');
    try {
      const helm = createHelmLocator({ env: { PATH: '' } });
      const [result] = await renderOverlaysBatched([overlayOf(copy.dir, 'web', 'production')], neverRuns('v5.5.0'), { repoDir: copy.dir, helm, allowRemote: true });
      // Past the offline check, the next step is finding helm (absent here): no network was tried.
      expect((result as RenderError).message).toBe(HELM_INSTALL_HINT);
    } finally {
      await copy.cleanup();
    }
  });
});
