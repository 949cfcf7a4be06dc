import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { execa } from 'execa';
import { join, relative, resolve } from 'node:path';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import config from '../vitest.config.js';

const ROOT = resolve(import.meta.dirname, '..');

interface Tier {
  name: string;
  matches: (file: string) => boolean;
}

/** The suite's projects, as vitest reads them from vitest.config.ts. */
function tiers(): Tier[] {
  const projects = config.test?.projects ?? [];
  return projects.map((project) => {
    if (typeof project !== 'object' || !('test' in project) || !project.test) throw new Error('a project without a test block');
    const include = picomatch(project.test.include ?? []);
    const exclude = picomatch(project.test.exclude ?? []);
    return { name: project.test.name as string, matches: (file) => include(file) && !exclude(file) };
  });
}

/** Every file under test/ whose name says it holds tests (any extension vitest could run). */
async function testFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.filter((entry) => entry.isDirectory()).map((entry) => testFiles(join(dir, entry.name))));
  const own = entries.filter((entry) => entry.isFile() && /\.(test|spec)\.[cm]?[jt]sx?$/.test(entry.name)).map((entry) => join(dir, entry.name));
  return [...own, ...nested.flat()].map((file) => relative(ROOT, file).split('\\').join('/'));
}

describe('the test tiers', () => {
  it('are core and integration', () => {
    expect(tiers().map((tier) => tier.name)).toEqual(['core', 'integration']);
  });

  it('hold every test file exactly once', async () => {
    const files = await testFiles(join(ROOT, 'test'));
    expect(files.length).toBeGreaterThan(100);
    const outside = files.map((file) => ({ file, in: tiers().filter((tier) => tier.matches(file)).map((tier) => tier.name) })).filter((entry) => entry.in.length !== 1);
    expect(outside).toEqual([]);
  });

  it('put a Kustomize test in integration and a differ test in core', () => {
    const [core, integration] = tiers();
    expect(integration!.matches('test/render/build-metadata.int.test.ts')).toBe(true);
    expect(core!.matches('test/render/build-metadata.int.test.ts')).toBe(false);
    expect(core!.matches('test/diff/diff-resources.test.ts')).toBe(true);
    expect(integration!.matches('test/diff/diff-resources.test.ts')).toBe(false);
  });

  it('start no process in core (this file is core)', async () => {
    expect(() => spawnSync('true')).toThrow(/integration test/);
    const run = await execa('true', { reject: false });
    expect(run.failed).toBe(true);
    expect(String(run.message)).toMatch(/integration test/);
  });
});
