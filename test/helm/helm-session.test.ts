import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.js';
import { openHelmSession } from '../../src/helm/helm-session.js';
import { useTempDirs, writeTree } from './helpers.js';

const tempDir = useTempDirs();
const saved = { GOMAXPROCS: process.env.GOMAXPROCS, GOGC: process.env.GOGC };

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('openHelmSession', () => {
  it('gives helm an isolated home and one scheduler thread, nothing else of the environment', async () => {
    delete process.env.GOMAXPROCS;
    delete process.env.GOGC;
    const session = await openHelmSession();
    const root = dirname(session.env.HOME!);
    expect(Object.keys(session.env).sort()).toEqual(['GOMAXPROCS', 'HELM_CACHE_HOME', 'HELM_CONFIG_HOME', 'HELM_DATA_HOME', 'HOME']);
    expect(session.env.GOMAXPROCS).toBe('1');
    for (const name of ['HELM_CACHE_HOME', 'HELM_CONFIG_HOME', 'HELM_DATA_HOME'] as const) expect(dirname(session.env[name]!)).toBe(root);
    expect(existsSync(session.env.HOME!)).toBe(true);
    await session.close();
    expect(existsSync(root)).toBe(false);
  });

  it("passes the user's own Go runtime settings through", async () => {
    process.env.GOMAXPROCS = '3';
    process.env.GOGC = '200';
    const session = await openHelmSession();
    await session.close();
    expect(session.env).toMatchObject({ GOMAXPROCS: '3', GOGC: '200' });
  });

  it('reads a chart once per run, failures included', async () => {
    const repo = await writeTree(await tempDir(), { 'chart/Chart.yaml': 'apiVersion: v2\nname: first\nversion: 1.0.0\n', 'chart/templates/a.yaml': '' });
    const session = await openHelmSession();
    try {
      expect((await session.chart(join(repo, 'chart'))).name).toBe('first');
      expect(await session.files(join(repo, 'chart'), repo)).toEqual(['chart/Chart.yaml', 'chart/templates/a.yaml']);
      await writeFile(join(repo, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: second\nversion: 1.0.0\n');
      await writeFile(join(repo, 'chart', 'templates', 'b.yaml'), '');
      expect((await session.chart(join(repo, 'chart'))).name).toBe('first');
      expect(await session.files(join(repo, 'chart'), repo)).toEqual(['chart/Chart.yaml', 'chart/templates/a.yaml']);
      const missing = join(repo, 'nothing');
      await expect(session.chart(missing)).rejects.toBeInstanceOf(RenderError);
      await writeTree(repo, { 'nothing/Chart.yaml': 'apiVersion: v2\nname: late\nversion: 1.0.0\n' });
      await expect(session.chart(missing)).rejects.toBeInstanceOf(RenderError);
    } finally {
      await session.close();
    }
  });

  it('keeps inline values in private files under its root, gone with it', async () => {
    const session = await openHelmSession();
    const root = dirname(session.env.HOME!);
    const first = await session.writeValues({ replicas: 2 });
    const second = await session.writeValues({ replicas: 3 });
    expect(first).not.toBe(second);
    expect(dirname(first)).toBe(root);
    expect((await readdir(root)).sort()).toEqual(['home', 'inline-values-1.yaml', 'inline-values-2.yaml']);
    await session.close();
    expect(existsSync(first)).toBe(false);
  });
});
