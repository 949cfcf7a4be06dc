import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.js';
import { createRenderer } from '../../src/render/index.js';
import { FIXTURES, availableRenderers, useTempDirs } from './helpers.js';

const renderers = await availableRenderers();
const newTempDir = useTempDirs();

/** A stand-in binary: a shell script that records its arguments, then runs `body`. */
async function fakeKustomize(body: string): Promise<{ path: string; argsFile: string }> {
  const dir = await newTempDir();
  const path = join(dir, 'kustomize');
  const argsFile = join(dir, 'args');
  await writeFile(path, `#!/bin/sh\nprintf '%s\\n' "$@" > ${argsFile}\n${body}\n`);
  await chmod(path, 0o755);
  return { path, argsFile };
}

/** Running (a killed process not yet reaped by its new parent is a zombie: not running). */
async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return false;
  return !/^\d+ \(.*\) Z/.test(stat);
}

describe('createRenderer', () => {
  it.each(renderers.map((info) => [info.name, info] as const))('renders an overlay with %s and returns its YAML', async (_, info) => {
    const yaml = await createRenderer(info).render(join(FIXTURES, 'layered/base'));
    expect(yaml).toMatch(/^kind: Deployment$/m);
    expect(yaml).toContain('name: base-web-b');
  });

  it('runs `kustomize build DIR` and `kubectl kustomize DIR` with an argument array', async () => {
    const fake = await fakeKustomize('echo "apiVersion: v1"');
    const dir = join(FIXTURES, 'layered', 'dir with spaces; $(echo no shell)');
    await createRenderer({ name: 'kustomize', path: fake.path, version: 'v5.0.0' }).render(dir);
    expect(await readFile(fake.argsFile, 'utf8')).toBe(`build\n${dir}\n`);
    await createRenderer({ name: 'kubectl', path: fake.path, version: 'v5.0.0' }).render(dir);
    expect(await readFile(fake.argsFile, 'utf8')).toBe(`kustomize\n${dir}\n`);
  });

  it.skipIf(process.platform !== 'linux')('kills a render that takes too long, with the processes it started', async () => {
    const fake = await fakeKustomize('sleep 30 &\necho $! > "$0.child"\nwait');
    const renderer = createRenderer({ name: 'kustomize', path: fake.path, version: 'v5.0.0' });
    // A kill that did not happen leaves the render waiting 30 s: the test's own timeout fails it.
    const error = await renderer.render(join(FIXTURES, 'layered/base'), { timeoutMs: 700 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).timedOut).toBe(true);
    expect((error as RenderError).message).toMatch(/^Kustomize did not finish within 0\.7s/);
    const child = Number(await readFile(`${fake.path}.child`, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await isRunning(child)).toBe(false);
  });

  it('turns a non-zero exit into a RenderError with exit code and stderr', async () => {
    const fake = await fakeKustomize('echo "Error: accumulating resources: boom" >&2; exit 1');
    const error = await createRenderer({ name: 'kustomize', path: fake.path, version: 'v5.0.0' })
      .render(join(FIXTURES, 'layered/base'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect(error).toMatchObject({ exitCode: 1, timedOut: false, stderr: 'Error: accumulating resources: boom\n' });
    expect((error as RenderError).message).toBe(`Kustomize failed for ${join(FIXTURES, 'layered/base')}: accumulating resources: boom`);
  });

  it('reports a binary that cannot be started', async () => {
    const renderer = createRenderer({ name: 'kustomize', path: '/nonexistent/kustomize', version: 'v5.0.0' });
    const error = await renderer.render(join(FIXTURES, 'layered/base')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).message).toMatch(/cannot run .*\/nonexistent\/kustomize/);
  });
});
