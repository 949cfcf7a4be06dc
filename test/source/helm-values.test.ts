import { describe, expect, it } from 'vitest';
import { createFileCache } from '../../src/source/file-cache.js';
import { differingKeys, mergedValues } from '../../src/source/helm-values.js';
import type { HelmSource } from '../../src/types.js';

const FILES: Record<string, string> = {
  'chart/values.yaml': ['image:', '  repository: example/web', '  tag: 1.0.0', 'hosts:', '  - a.example', '  - b.example', 'probe:', '  path: /healthz', 'extra: {}', ''].join('\n'),
  'envs/prod.yaml': ['image:', '  tag: 1.1.0 # promoted', 'hosts: [c.example]', 'probe: null', ''].join('\n'),
  'envs/prod-eu.yaml': ['image:', '  pullPolicy: Always', ''].join('\n'),
};

function source(valuesFiles: string[], extra: Partial<HelmSource> = {}): HelmSource {
  return { chartDir: '/repo/chart', chartRelDir: 'chart', releaseName: 'web', valuesFiles, declaredIn: { file: 'argocd/web.yaml', line: 4 }, ...extra };
}

const cache = createFileCache('/repo', (path) => FILES[path.replace('/repo/', '')] ?? null);

describe('merged Helm values, leaf by leaf with the line that set each', () => {
  it('merges maps key by key, replaces lists whole and removes keys set to null, as helm does', () => {
    const leaves = mergedValues(cache, source(['envs/prod.yaml', 'envs/prod-eu.yaml']));
    expect(Object.fromEntries([...leaves].map(([key, leaf]) => [key, [leaf.value, `${leaf.at.file}:${leaf.at.line}`]]))).toEqual({
      'image.repository': ['example/web', 'chart/values.yaml:2'],
      'image.tag': ['1.1.0', 'envs/prod.yaml:2'],
      'image.pullPolicy': ['Always', 'envs/prod-eu.yaml:2'],
      hosts: [[], 'envs/prod.yaml:3'],
      'hosts[0]': ['c.example', 'envs/prod.yaml:3'],
      extra: [{}, 'chart/values.yaml:9'],
    });
    expect(leaves.get('image.repository')?.chartDefault).toBe(true);
    expect(leaves.get('image.tag')?.chartDefault).toBe(false);
  });

  it('applies inline values, then parameters, at the declaration that sets them', () => {
    const leaves = mergedValues(cache, source(['envs/prod.yaml'], { values: { image: { tag: '2.0.0' }, probe: { path: '/ready' } }, parameters: [{ name: 'image.tag', value: '3.0.0' }, { name: 'labels.app\\.kubernetes\\.io/name', value: 'web' }] }));
    expect(leaves.get('image.tag')).toEqual({ value: '3.0.0', at: { file: 'argocd/web.yaml', line: 4 }, chartDefault: false });
    expect(leaves.get('probe.path')?.value).toBe('/ready');
    expect(leaves.get('labels.app.kubernetes.io/name')?.value).toBe('web');
  });

  it('tells the keys whose merged values differ between two environments', () => {
    const staging = mergedValues(cache, source([]));
    const prod = mergedValues(cache, source(['envs/prod.yaml', 'envs/prod-eu.yaml']));
    expect(differingKeys(staging, prod)).toEqual(['hosts[0]', 'hosts[1]', 'image.pullPolicy', 'image.tag', 'probe.path']);
  });
});
