import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import type { AuditResult } from '../../src/types.js';

/**
 * Each case: the staging overlay reads a file through one kind of reference; an audit fills the
 * cache, the file is edited, and the next cached audit must see the edit — equal to an uncached
 * audit and different from the first.
 */
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const CONFIG = 'environments: [staging, production]\nlayout: apps/{service}/overlays/{env}\n';
const BASE = {
  'apps/app/base/kustomization.yaml': 'resources: [deployment.yaml, configmap.yaml]\n',
  'apps/app/base/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/app:1.0.0
          env: [{name: MODE, value: base}]
`,
  'apps/app/base/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: base}\n',
  // Production generates the ConfigMap the staging cases generate, so their data is compared value by value.
  'apps/app/overlays/production/kustomization.yaml':
    'resources: [../../base]\nconfigMapGenerator: [{name: generated, literals: [LEVEL=prod, app.properties=prod, conf=prod]}]\n',
};

interface Case {
  name: string;
  /** Files of the staging overlay (relative to it), the kustomization among them. */
  files: Record<string, string>;
  /** The referenced file (relative to the overlay) and its edited text. */
  edit: [string, string];
}

const STAGING = 'apps/app/overlays/staging';
const patchMode = (mode: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: ${mode}}\n`;
const json6902 = (mode: string) => `- {op: replace, path: /data/mode, value: ${mode}}\n`;

const CASES: Case[] = [
  {
    name: 'generators: config whose files: point into a subdirectory',
    files: {
      'kustomization.yaml': 'resources: [../../base]\ngenerators: [gen.yaml]\n',
      'gen.yaml': 'apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata: {name: generated}\nfiles: [data/app.properties]\n',
      'data/app.properties': 'level=info\n',
    },
    edit: ['data/app.properties', 'level=debug\n'],
  },
  {
    name: 'generators: config whose envs: point into a subdirectory',
    files: {
      'kustomization.yaml': 'resources: [../../base]\ngenerators: [gen.yaml]\n',
      'gen.yaml': 'apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata: {name: generated}\nenvs: [data/app.env]\n',
      'data/app.env': 'LEVEL=info\n',
    },
    edit: ['data/app.env', 'LEVEL=debug\n'],
  },
  {
    name: 'transformers: PatchTransformer path:',
    files: {
      'kustomization.yaml': 'resources: [../../base]\ntransformers: [tx.yaml]\n',
      'tx.yaml': 'apiVersion: builtin\nkind: PatchTransformer\nmetadata: {name: tx}\npath: tx/patch.yaml\n',
      'tx/patch.yaml': patchMode('one'),
    },
    edit: ['tx/patch.yaml', patchMode('two')],
  },
  {
    name: 'transformers: PatchStrategicMergeTransformer paths:',
    files: {
      'kustomization.yaml': 'resources: [../../base]\ntransformers: [tx.yaml]\n',
      'tx.yaml': 'apiVersion: builtin\nkind: PatchStrategicMergeTransformer\nmetadata: {name: tx}\npaths: [tx/smp.yaml]\n',
      'tx/smp.yaml': patchMode('one'),
    },
    edit: ['tx/smp.yaml', patchMode('two')],
  },
  {
    name: 'transformers: ReplacementTransformer replacements[].path',
    files: {
      'kustomization.yaml': 'resources: [../../base]\ntransformers: [tx.yaml]\n',
      'tx.yaml': 'apiVersion: builtin\nkind: ReplacementTransformer\nmetadata: {name: tx}\nreplacements: [{path: tx/replacement.yaml}]\n',
      'tx/replacement.yaml': replacement('metadata.name'),
    },
    edit: ['tx/replacement.yaml', replacement('kind')],
  },
  {
    name: 'inline transformers: entry with a path:',
    files: {
      'kustomization.yaml': 'resources: [../../base]\ntransformers:\n  - |\n    apiVersion: builtin\n    kind: PatchTransformer\n    metadata: {name: inline}\n    path: tx/patch.yaml\n',
      'tx/patch.yaml': patchMode('one'),
    },
    edit: ['tx/patch.yaml', patchMode('two')],
  },
  {
    name: 'configMapGenerator files: in a subdirectory',
    files: {
      'kustomization.yaml': 'resources: [../../base]\nconfigMapGenerator: [{name: generated, files: [conf=data/app.properties]}]\n',
      'data/app.properties': 'level=info\n',
    },
    edit: ['data/app.properties', 'level=debug\n'],
  },
  {
    name: 'configMapGenerator envs: in a subdirectory',
    files: {
      'kustomization.yaml': 'resources: [../../base]\nconfigMapGenerator: [{name: generated, envs: [data/app.env]}]\n',
      'data/app.env': 'LEVEL=info\n',
    },
    edit: ['data/app.env', 'LEVEL=debug\n'],
  },
  {
    name: 'patches path: in a subdirectory',
    files: { 'kustomization.yaml': 'resources: [../../base]\npatches: [{path: p/mode.yaml}]\n', 'p/mode.yaml': patchMode('one') },
    edit: ['p/mode.yaml', patchMode('two')],
  },
  {
    name: 'patchesStrategicMerge in a subdirectory',
    files: { 'kustomization.yaml': 'resources: [../../base]\npatchesStrategicMerge: [p/mode.yaml]\n', 'p/mode.yaml': patchMode('one') },
    edit: ['p/mode.yaml', patchMode('two')],
  },
  {
    name: 'patchesJson6902 path: in a subdirectory',
    files: {
      'kustomization.yaml': 'resources: [../../base]\npatchesJson6902:\n  - target: {version: v1, kind: ConfigMap, name: settings}\n    path: p/mode.json.yaml\n',
      'p/mode.json.yaml': json6902('one'),
    },
    edit: ['p/mode.json.yaml', json6902('two')],
  },
  {
    name: 'replacements path: in a subdirectory',
    files: { 'kustomization.yaml': 'resources: [../../base]\nreplacements: [{path: r/replacement.yaml}]\n', 'r/replacement.yaml': replacement('metadata.name') },
    edit: ['r/replacement.yaml', replacement('kind')],
  },
  {
    name: 'components: a patch inside the component',
    files: {
      'kustomization.yaml': 'resources: [../../base]\ncomponents: [../../components/mode]\n',
      '../../components/mode/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches: [{path: patches/mode.yaml}]\n',
      '../../components/mode/patches/mode.yaml': patchMode('one'),
    },
    edit: ['../../components/mode/patches/mode.yaml', patchMode('two')],
  },
  {
    name: 'configurations: a field spec file in a subdirectory',
    files: {
      'kustomization.yaml': 'resources: [../../base]\nconfigurations: [cfg/labels.yaml]\ncommonLabels: {team: blue}\n',
      'cfg/labels.yaml': 'commonLabels:\n  - {path: data/team, kind: ConfigMap, create: true}\n',
    },
    edit: ['cfg/labels.yaml', 'commonLabels:\n  - {path: data/owner, kind: ConfigMap, create: true}\n'],
  },
  {
    name: 'crds: a CRD file in a subdirectory (made unreadable)',
    files: { 'kustomization.yaml': 'resources: [../../base]\ncrds: [crd/widget.json]\n', 'crd/widget.json': '{"definitions": {"io.acme.v1.Widget": {"properties": {}}}}\n' },
    edit: ['crd/widget.json', 'not json\n'],
  },
  {
    name: 'openapi: a schema file in a subdirectory (made unreadable)',
    files: {
      'kustomization.yaml': 'resources: [../../base]\nopenapi: {path: schema/openapi.json}\npatches: [{path: p/mode.yaml}]\n',
      'schema/openapi.json': '{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}, "definitions": {}}\n',
      'p/mode.yaml': patchMode('one'),
    },
    edit: ['schema/openapi.json', '{"definitions": '],
  },
];

function replacement(field: string): string {
  return `- source: {kind: Deployment, name: app, fieldPath: ${field}}\n  targets:\n    - select: {kind: ConfigMap, name: settings}\n      fieldPaths: [data.mode]\n`;
}

async function writeRepo(files: Record<string, string>): Promise<string> {
  const repoDir = await mkdtemp(join(tmpdir(), 'parity-cache-refs-'));
  dirs.push(repoDir);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(repoDir, file)), { recursive: true });
    await writeFile(join(repoDir, file), text);
  }
  await ageFiles(repoDir);
  return repoDir;
}

/** Sets every file a minute back, so the first run trusts their stats (the warm path is tested too). */
async function ageFiles(dir: string): Promise<void> {
  const past = new Date(Date.now() - 60_000);
  for (const entry of await readdir(dir, { recursive: true })) await utimes(join(dir, entry), past, past);
}

/** Findings, and which overlays failed (a Kustomize crash prints addresses that differ run to run). */
const outcome = (result: AuditResult) =>
  JSON.stringify({ findings: result.findings, errors: result.errors.map((error) => [error.code, error.service, error.env]) });

describe('the render cache sees every file a chain reads', () => {
  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const staged = Object.fromEntries(Object.entries(testCase.files).map(([file, text]) => [join(STAGING, file), text]));
      const repoDir = await writeRepo({ 'parity.config.yaml': CONFIG, ...BASE, ...staged });
      const cacheDir = await mkdtemp(join(tmpdir(), 'parity-cache-dir-'));
      dirs.push(cacheDir);
      const first = await audit({ repoDir, cacheDir });
      expect(first.errors).toEqual([]);
      expect(outcome(await audit({ repoDir, cacheDir }))).toBe(outcome(first));
      await writeFile(join(repoDir, STAGING, testCase.edit[0]), testCase.edit[1]);
      const cached = await audit({ repoDir, cacheDir });
      const fresh = await audit({ repoDir, noCache: true });
      expect(outcome(fresh)).not.toBe(outcome(first));
      expect(outcome(cached)).toBe(outcome(fresh));
    });
  }
});
