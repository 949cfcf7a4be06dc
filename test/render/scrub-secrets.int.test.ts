import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.js';
import { buildArgs } from '../../src/kustomize/run-kustomize.js';
import { collectSecretValues, createRenderer, readKustomizationChain, renderOverlays, scrubSecrets } from '../../src/render/index.js';
import { FIXTURES, availableRenderers, fixtureOverlay, useTempDirs } from './helpers.js';

const renderers = await availableRenderers();
const newTempDir = useTempDirs();

describe('scrubSecrets', () => {
  it('replaces every occurrence, longest value first', () => {
    expect(scrubSecrets('a=hunter22 b=hunter2233 c=hunter22', ['hunter22', 'hunter2233'])).toBe('a=<redacted> b=<redacted> c=<redacted>');
  });

  it('ignores values shorter than 4 characters', () => {
    expect(scrubSecrets('on off abc', ['abc', 'on'])).toBe('on off abc');
  });

  it('treats values as text, not patterns, and catches them Go-quoted', () => {
    expect(scrubSecrets('x a.b*c$ y', ['a.b*c$'])).toBe('x <redacted> y');
    expect(scrubSecrets('err="value pa\\"ss\\"word"', ['pa"ss"word'])).toBe('err="value <redacted>"');
  });
});

describe('collectSecretValues', () => {
  it('gathers generator literals, secret files, credential env entries and their base64 forms', async () => {
    const chain = await readKustomizationChain(join(FIXTURES, 'layered/overlays/top'), FIXTURES);
    const values = await collectSecretValues(chain, FIXTURES);
    expect(values).toContain('layered-db-secret');
    expect(values).toContain(Buffer.from('layered-db-secret').toString('base64'));
    expect(values).toContain('layered-api-token');
    expect(values).toContain('MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAfake');
    expect(values).not.toContain('info');
    expect(values).not.toContain('hello');
  });

  it('reads Secret manifests (data decoded, stringData) and credential-named values in resources', async () => {
    const repo = await newTempDir();
    await writeFile(join(repo, 'kustomization.yaml'), 'resources: [secret.yaml, deploy.yaml]\n');
    const secret = ['apiVersion: v1', 'kind: Secret', 'metadata: {name: s}', `data: {key: ${Buffer.from('decoded-secret').toString('base64')}}`, 'stringData: {other: string-secret}'];
    await writeFile(join(repo, 'secret.yaml'), `${secret.join('\n')}\n`);
    const env = ['- {name: STRIPE_API_KEY, value: sk_live_abc123}', '- {name: LOG_LEVEL, value: debug}'];
    await writeFile(join(repo, 'deploy.yaml'), `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    env:\n    ${env.join('\n    ')}\n`);
    const values = await collectSecretValues(await readKustomizationChain(repo, repo), repo);
    expect(values).toEqual(expect.arrayContaining(['decoded-secret', Buffer.from('decoded-secret').toString('base64'), 'string-secret', 'sk_live_abc123']));
    expect(values).not.toContain('debug');
  });
});

describe.each(renderers.map((info) => [`${info.name} ${info.version}`, info] as const))('render errors with %s', (_, info) => {
  const cases = [
    ['failing/secret-literal', 'Forgot-The-Key-Secret-55'],
    ['failing/secret-patch', 'Patch-Echo-Secret-31'],
  ] as const;

  it.each(cases)('never show a secret Kustomize echoes (%s)', async (relDir, secret) => {
    const dir = join(FIXTURES, relDir);
    const raw = await execa(info.path, buildArgs(info, dir), { reject: false });
    expect(raw.exitCode).not.toBe(0);
    expect(raw.stderr).toContain(secret);

    const [result] = await renderOverlays([fixtureOverlay(relDir)], createRenderer(info), { repoDir: FIXTURES });
    expect(result).toBeInstanceOf(RenderError);
    const error = result as RenderError;
    expect(error.stderr).toContain('<redacted>');
    for (const text of [error.message, error.stderr, error.toLine()]) expect(text).not.toContain(secret);
  });

  it('scrubs when the renderer is used on its own, too', async () => {
    const error = await createRenderer(info).render(join(FIXTURES, 'failing/secret-literal')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).stderr).not.toContain('Forgot-The-Key-Secret-55');
    expect((error as RenderError).stderr).not.toContain('Literal-Db-Secret-77');
    expect((error as RenderError).message).toContain('<redacted>');
  });
});
