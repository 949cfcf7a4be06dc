import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSourceLocator, type SourceLocator } from '../../src/source/locate-source.js';

/** One overlay using every patch form Kustomize accepts (it renders with Kustomize v4 and v5). */
const FILES: Record<string, string> = {
  'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'base/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  replicas: 1',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx:1.27',
    '',
  ].join('\n'),
  'overlay/kustomization.yaml': [
    'resources:',
    '  - ../base',
    'patchesStrategicMerge:',
    '  - legacy-patch.yaml',
    'patches:',
    '  - path: json-patch.yaml',
    '    target:',
    '      kind: Deployment',
    '      name: web',
    '  - target:',
    '      kind: Deployment',
    '      name: web',
    '    patch: |-',
    '      - op: add',
    '        path: /metadata/annotations',
    '        value:',
    '          owner: team-web',
    '',
  ].join('\n'),
  'overlay/legacy-patch.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  template:',
    '    spec:',
    '      terminationGracePeriodSeconds: 45',
    '',
  ].join('\n'),
  'overlay/json-patch.yaml': [
    '- op: replace',
    '  path: /spec/replicas',
    '  value: 4',
    '- op: add',
    '  path: /spec/template/spec/containers/0/env',
    '  value:',
    '    - name: MODE',
    '      value: fast',
    '',
  ].join('\n'),
};

describe('createSourceLocator with JSON 6902, inline and legacy patches', () => {
  let repo: string;
  let locator: SourceLocator;
  const web = { kind: 'Deployment', name: 'web' };
  const chainFiles = ['overlay/kustomization.yaml', 'base/kustomization.yaml'];
  const locate = (segments: string[]) => locator.locate({ chainFiles, overlayDir: 'overlay', resource: web, segments });
  const lineText = (file: string, line: number) => readFileSync(join(repo, file), 'utf8').split('\n')[line - 1]!.trim();

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'parity-source-'));
    for (const [file, text] of Object.entries(FILES)) {
      mkdirSync(join(repo, file, '..'), { recursive: true });
      writeFileSync(join(repo, file), text);
    }
    locator = createSourceLocator(repo);
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('maps a JSON patch operation on the path to its value line', () => {
    expect(locate(['spec', 'replicas'])).toEqual({ file: 'overlay/json-patch.yaml', line: 3 });
  });

  it('walks into the value of an operation that adds a whole list', () => {
    const location = locate(['spec', 'template', 'spec', 'containers', '[name=web]', 'env', '[name=MODE]', 'value']);
    expect(location).toEqual({ file: 'overlay/json-patch.yaml', line: 8 });
    expect(lineText(location.file, location.line!)).toBe('value: fast');
  });

  it('maps an inline block-scalar patch to lines of the kustomization', () => {
    const location = locate(['metadata', 'annotations', 'owner']);
    expect(location).toEqual({ file: 'overlay/kustomization.yaml', line: 17 });
    expect(lineText(location.file, location.line!)).toBe('owner: team-web');
  });

  it('reads patchesStrategicMerge files', () => {
    const location = locate(['spec', 'template', 'spec', 'terminationGracePeriodSeconds']);
    expect(location).toEqual({ file: 'overlay/legacy-patch.yaml', line: 8 });
  });

  it('ignores patches whose target names another resource', () => {
    const other = locator.locate({ chainFiles, overlayDir: 'overlay', resource: { kind: 'Deployment', name: 'api' }, segments: ['spec', 'replicas'] });
    expect(other).toEqual({ file: 'overlay/kustomization.yaml', line: 1 });
  });
});
