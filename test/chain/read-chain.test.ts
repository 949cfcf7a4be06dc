import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { readKustomizationChain } from '../../src/chain/read-chain.js';
import { FIXTURES, useTempDirs } from '../render/helpers.js';

const layered = (dir: string) => readKustomizationChain(join(FIXTURES, 'layered', dir), FIXTURES);
const newTempDir = useTempDirs();

describe('readKustomizationChain: what the chain applies', () => {
  it('lists the overlay kustomization first, then its bases and components depth-first', async () => {
    const chain = await layered('overlays/top');
    expect(chain.files).toEqual([
      'layered/overlays/top/kustomization.yaml',
      'layered/overlays/mid/kustomization.yaml',
      'layered/base/kustomization.yaml',
      'layered/components/tracing/kustomization.yaml',
    ]);
  });

  it('takes the namespace of the outermost kustomization that sets one', async () => {
    expect((await layered('overlays/top')).namespace).toBe('top-ns');
    expect((await layered('overlays/mid')).namespace).toBe('mid-ns');
    expect((await layered('base')).namespace).toBeUndefined();
  });

  it('lists images outermost first, each with its file and the line of its entry', async () => {
    const { images } = await layered('overlays/top');
    expect(images.map((image) => [image.file, image.newTag])).toEqual([
      ['layered/overlays/top/kustomization.yaml', '3.0'],
      ['layered/overlays/mid/kustomization.yaml', '2.0'],
      ['layered/base/kustomization.yaml', '1.0'],
    ]);
    expect(images[0]).toMatchObject({ name: 'example/web', newName: 'registry.example/web' });
    for (const image of images) {
      const lines = (await readFile(join(FIXTURES, image.file), 'utf8')).split('\n');
      expect(lines[image.line! - 1]).toMatch(/^\s*- name: example\/web$/);
    }
  });
});

describe('readKustomizationChain: inputs', () => {
  it('lists every file the chain reads: resources, patches, generator files and envs, components, replacements', async () => {
    const { inputs } = await layered('overlays/top');
    const expected = [
      'layered/overlays/top/kustomization.yaml',
      'layered/overlays/top/labels.yaml',
      'layered/overlays/top/replacement.yaml',
      'layered/overlays/mid/kustomization.yaml',
      'layered/overlays/mid/replicas.yaml',
      'layered/base/kustomization.yaml',
      'layered/base/deployment.yaml',
      'layered/base/service.yaml',
      'layered/base/config/app.properties',
      'layered/base/config/app.env',
      'layered/base/secrets/tls.key',
      'layered/components/tracing/kustomization.yaml',
      'layered/components/tracing/tracing-patch.yaml',
    ];
    expect([...inputs].sort()).toEqual([...expected].sort());
  });

  it('covers every field that names a file, and recurses into directories', async () => {
    const repo = await newTempDir();
    const overlay = join(repo, 'overlay');
    await mkdir(join(overlay, 'charts', 'web', 'templates'), { recursive: true });
    const files = ['crd.yaml', 'config.yaml', 'json-patch.yaml', 'smp.yaml', 'schema.json', 'gen.yaml', 'tr.yaml', 'values.yaml', 'a.env', 'b.env', 'pw.txt', 'charts/web/Chart.yaml', 'charts/web/templates/d.yaml'];
    for (const file of files) await writeFile(join(overlay, file), 'x: 1\n');
    await writeFile(join(overlay, 'kustomization.yaml'), [
      'crds: [crd.yaml]',
      'configurations: [config.yaml]',
      'patchesJson6902: [{path: json-patch.yaml, target: {kind: Deployment, name: web}}]',
      'patchesStrategicMerge: [smp.yaml, "apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: inline}\\n"]',
      'openapi: {path: schema.json}',
      'generators: [gen.yaml]',
      'transformers: [tr.yaml]',
      'helmCharts: [{name: web, valuesFile: values.yaml}]',
      'configMapGenerator: [{name: c, env: a.env, envs: [b.env]}]',
      'secretGenerator: [{name: s, files: [password=pw.txt]}]',
    ].join('\n'));
    const chain = await readKustomizationChain(overlay, repo);
    expect([...chain.inputs].sort()).toEqual(['kustomization.yaml', ...files].map((file) => `overlay/${file}`).sort());
  });

  it('names files outside the repository by absolute path', async () => {
    const outside = await newTempDir();
    await writeFile(join(outside, 'shared.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\n');
    const repo = await newTempDir();
    await writeFile(join(repo, 'kustomization.yaml'), `resources: [${join(outside, 'shared.yaml')}]\n`);
    const chain = await readKustomizationChain(repo, repo);
    expect(chain.inputs).toEqual(['kustomization.yaml', join(outside, 'shared.yaml')]);
  });

  it('records remote resources without reading them', async () => {
    const chain = await readKustomizationChain(join(FIXTURES, 'failing/remote-base'), FIXTURES);
    expect(chain.remotes).toEqual(['https://github.com/example/platform-config//base?ref=v1.2.3']);
    expect(chain.files).toContain('layered/base/kustomization.yaml');
  });

  it('recognises the usual remote spellings', async () => {
    const repo = await newTempDir();
    const remotes = [
      'github.com/org/repo//deploy?ref=v1',
      'git@github.com:org/repo.git//base',
      'ssh://git@example.com/org/repo.git',
      'https://raw.githubusercontent.com/org/repo/main/deploy.yaml',
      'git::https://example.com/org/repo.git',
    ];
    await writeFile(join(repo, 'kustomization.yaml'), `resources:\n${remotes.map((r) => `  - ${r}`).join('\n')}\n`);
    expect((await readKustomizationChain(repo, repo)).remotes).toEqual(remotes);
  });

  it('reads a kustomization that two branches share once', async () => {
    const repo = await newTempDir();
    for (const dir of ['shared', 'a', 'b']) await mkdir(join(repo, dir));
    await writeFile(join(repo, 'shared', 'kustomization.yaml'), 'namePrefix: s-\n');
    await writeFile(join(repo, 'a', 'kustomization.yaml'), 'resources: [../shared]\n');
    await writeFile(join(repo, 'b', 'kustomization.yaml'), 'components: [../shared]\n');
    await writeFile(join(repo, 'kustomization.yaml'), 'resources: [a, b]\n');
    const chain = await readKustomizationChain(repo, repo);
    expect(chain.files).toEqual(['kustomization.yaml', 'a/kustomization.yaml', 'shared/kustomization.yaml', 'b/kustomization.yaml']);
  });
});

describe('readKustomizationChain: errors', () => {
  it('reports malformed YAML with file and line', async () => {
    const error = await readKustomizationChain(join(FIXTURES, 'failing/broken-kustomization'), FIXTURES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe('failing/broken-kustomization/kustomization.yaml');
    expect((error as ConfigError).line).toBeGreaterThan(0);
  });

  it('refuses an alias bomb', async () => {
    const repo = await newTempDir();
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i += 1) levels.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9).fill(`*${'abcdefghij'[i - 1]}`).join(',')}]`);
    await writeFile(join(repo, 'kustomization.yaml'), `${levels.join('\n')}\n`);
    await expect(readKustomizationChain(repo, repo)).rejects.toThrow(/alias/);
  });

  it('names a missing overlay directory', async () => {
    const error = await readKustomizationChain(join(FIXTURES, 'no/such/overlay'), FIXTURES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).toLine()).toBe('no/such/overlay: overlay directory does not exist');
  });
});
