import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chainInputPaths, opaqueReason } from '../../src/cache/chain-inputs.js';
import { FileStates } from '../../src/cache/file-state.js';
import { readChainWalk, summarizeWalk } from '../../src/chain/read-chain.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function overlay(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parity-config-inputs-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text);
  }
  return dir;
}

async function inspect(dir: string) {
  const walk = await readChainWalk(dir, dir);
  const chain = await summarizeWalk(walk, dir, dir);
  return { opaque: opaqueReason(walk, chain, dir), inputs: chainInputPaths(walk, chain, dir, new FileStates()).map((path) => path.slice(dir.length + 1)) };
}

describe('what parity cannot see through is not cached', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'an exec KRM function',
      'apiVersion: example.com/v1\nkind: Injector\nmetadata:\n  name: x\n  annotations:\n    config.kubernetes.io/function: |\n      exec: {path: ./inject.sh}\n',
      /^tx\.yaml: Injector runs a KRM function/,
    ],
    [
      'a container KRM function',
      'apiVersion: example.com/v1\nkind: Injector\nmetadata:\n  name: x\n  annotations:\n    config.kubernetes.io/function: |\n      container: {image: example.com/inject:1}\n',
      /^tx\.yaml: Injector runs a KRM function/,
    ],
    ['a legacy plugin', 'apiVersion: someteam.example.com/v1\nkind: SecretsFromVault\nmetadata: {name: x}\n', /^tx\.yaml: someteam\.example\.com\/v1\/SecretsFromVault is a plugin/],
    ['a builtin kind parity does not know', 'apiVersion: builtin\nkind: FutureTransformer\nmetadata: {name: x}\n', /^tx\.yaml: builtin\/FutureTransformer is a plugin or a config kind parity does not know/],
    ['unreadable YAML', 'kind: [', /not valid YAML/],
  ];
  for (const [name, config, reason] of cases) {
    it(name, async () => {
      const dir = await overlay({ 'kustomization.yaml': 'transformers: [tx.yaml]\n', 'tx.yaml': config });
      expect((await inspect(dir)).opaque).toMatch(reason);
    });
  }

  it('an inline function config, and one inside a config kustomization directory', async () => {
    const inline = await overlay({
      'kustomization.yaml': 'generators:\n  - |\n    apiVersion: example.com/v1\n    kind: Gen\n    metadata: {name: g}\n',
    });
    expect((await inspect(inline)).opaque).toMatch(/^kustomization\.yaml: example\.com\/v1\/Gen is a plugin/);
    const nested = await overlay({
      'kustomization.yaml': 'transformers: [configs]\n',
      'configs/kustomization.yaml': 'resources: [fn.yaml]\n',
      'configs/fn.yaml': 'apiVersion: example.com/v1\nkind: Fn\nmetadata: {name: f}\n',
    });
    expect((await inspect(nested)).opaque).toMatch(/^configs\/fn\.yaml: example\.com\/v1\/Fn is a plugin/);
  });

  it('builtin configs are understood and their files are inputs, Helm values and chart home included', async () => {
    const dir = await overlay({
      'kustomization.yaml': 'generators: [helm.yaml, gen.yaml]\ntransformers: [labels.yaml]\n',
      'helm.yaml': 'apiVersion: builtin\nkind: HelmChartInflationGenerator\nmetadata: {name: h}\nname: app\nchartHome: vendor/charts\nvaluesFile: values/base.yaml\nadditionalValuesFiles: [values/extra.yaml]\n',
      'vendor/charts/app/Chart.yaml': 'name: app\n',
      'values/base.yaml': 'a: 1\n',
      'gen.yaml': 'apiVersion: builtin\nkind: SecretGenerator\nmetadata: {name: s}\nfiles: [key=secrets/key.txt]\nenvs: [secrets/app.env]\nenv: secrets/legacy.env\n',
      'labels.yaml': 'apiVersion: builtin\nkind: LabelTransformer\nmetadata: {name: l}\nlabels: {a: b}\n',
    });
    const { opaque, inputs } = await inspect(dir);
    expect(opaque).toBeNull();
    expect(inputs).toEqual(
      expect.arrayContaining([
        'vendor/charts',
        'vendor/charts/app/Chart.yaml',
        'values/base.yaml',
        'values/extra.yaml',
        'secrets/key.txt',
        'secrets/app.env',
        'secrets/legacy.env',
      ]),
    );
  });
});
