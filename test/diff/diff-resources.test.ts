import { describe, expect, it } from 'vitest';
import { diffResources } from '../../src/diff/diff-resources.js';
import { envTokens } from '../../src/normalize/env-tokens.js';
import type { Difference, K8sObject } from '../../src/types.js';

const context = { tokens: { left: envTokens('staging', 'shop-staging'), right: envTokens('production', 'shop-production') } };

function deployment(pod: Record<string, unknown>, metadata: Partial<K8sObject['metadata']> = {}): K8sObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', ...metadata }, spec: { replicas: 2, template: { spec: pod } } };
}

function brief(differences: Difference[]): Array<[string, string]> {
  return differences.map((d) => [d.change, d.path]);
}

const app = (extra: Record<string, unknown> = {}) => ({
  name: 'app',
  image: 'registry.example/api:1.2.3',
  env: [
    { name: 'DATABASE_URL', value: 'postgres://db.staging.internal/shop' },
    { name: 'LOG_LEVEL', value: 'info' },
  ],
  ...extra,
});
const sidecar = { name: 'proxy', image: 'envoy:1.30' };

describe('diffResources', () => {
  it('ignores reordered containers and reports one added env var at its item path', () => {
    const left = deployment({ containers: [app(), sidecar] });
    const rightApp = app();
    rightApp.env = [
      { name: 'DEBUG', value: 'true' },
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'DATABASE_URL', value: 'postgres://db.production.internal/shop' },
    ];
    const right = deployment({ containers: [sidecar, rightApp] });
    expect(diffResources(left, right, context)).toEqual([
      {
        path: 'spec.template.spec.containers[name=app].env[name=DEBUG]',
        segments: ['spec', 'template', 'spec', 'containers', '[name=app]', 'env', '[name=DEBUG]'],
        change: 'added',
        right: { name: 'DEBUG', value: 'true' },
      },
    ]);
  });

  it('reports a removed item with the whole item as written', () => {
    const left = deployment({ containers: [app(), sidecar] });
    const right = deployment({ containers: [app()] });
    expect(diffResources(left, right, context)).toEqual([
      expect.objectContaining({ path: 'spec.template.spec.containers[name=proxy]', change: 'removed', left: sidecar }),
    ]);
  });

  it('reports a changed leaf with both values', () => {
    const left = deployment({ containers: [app()] });
    const right = deployment({ containers: [app({ image: 'registry.example/api:1.2.4' })] });
    const [difference, ...rest] = diffResources(left, right, context);
    expect(rest).toEqual([]);
    expect(difference).toMatchObject({
      path: 'spec.template.spec.containers[name=app].image',
      change: 'changed',
      left: 'registry.example/api:1.2.3',
      right: 'registry.example/api:1.2.4',
    });
  });

  it('reports a subtree that exists on one side only once, at its root, with the original list', () => {
    const volumes = [{ name: 'certs', secret: { secretName: 'client-tls' } }];
    const left = deployment({ containers: [app()] });
    const right = deployment({ containers: [app()], volumes });
    expect(diffResources(left, right, context)).toEqual([
      { path: 'spec.template.spec.volumes', segments: ['spec', 'template', 'spec', 'volumes'], change: 'added', right: volumes },
    ]);
  });

  it('treats values equal modulo env tokens as equal, but not other endpoints', () => {
    const processor = (url: string) => app({ env: [{ name: 'PROCESSOR_URL', value: url }, { name: 'NS', value: 'shop-staging' }] });
    const left = deployment({ containers: [processor('https://sandbox.processor.example')] });
    const rightApp = processor('https://api.processor.example');
    rightApp.env[1] = { name: 'NS', value: 'shop-production' };
    const right = deployment({ containers: [rightApp] });
    expect(brief(diffResources(left, right, context))).toEqual([
      ['changed', 'spec.template.spec.containers[name=app].env[name=PROCESSOR_URL].value'],
    ]);
  });

  it('does not equate tokens inside words', () => {
    const left = deployment({ containers: [app({ env: [{ name: 'POOL', value: 'staging2' }] })] });
    const right = deployment({ containers: [app({ env: [{ name: 'POOL', value: 'production2' }] })] });
    expect(brief(diffResources(left, right, context))).toEqual([['changed', 'spec.template.spec.containers[name=app].env[name=POOL].value']]);
  });

  it('compares quantities canonically and shows them as written', () => {
    const withResources = (cpu: unknown, memory: unknown) =>
      deployment({ containers: [app({ resources: { requests: { cpu, memory }, limits: { cpu: '1', memory: '0.5Gi' } } })] });
    expect(diffResources(withResources('100m', '1Gi'), withResources(0.1, '1024Mi'), context)).toEqual([]);
    const limitsRight = withResources('100m', '1Gi');
    (limitsRight.spec as { template: { spec: { containers: Array<{ resources: { limits: unknown } }> } } }).template.spec.containers[0]!.resources.limits = {
      cpu: '1000m',
      memory: '512Mi',
    };
    expect(diffResources(withResources('100m', '1Gi'), limitsRight, context)).toEqual([]);
    expect(diffResources(withResources('100m', '1Gi'), withResources('200m', '1Gi'), context)).toEqual([
      expect.objectContaining({ path: 'spec.template.spec.containers[name=app].resources.requests.cpu', left: '100m', right: '200m' }),
    ]);
  });

  it('compares PVC storage and emptyDir sizeLimit as quantities', () => {
    const pvc = (storage: string): K8sObject => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { resources: { requests: { storage } } },
    });
    expect(diffResources(pvc('1Gi'), pvc('1024Mi'), context)).toEqual([]);
    expect(brief(diffResources(pvc('1Gi'), pvc('1G'), context))).toEqual([['changed', 'spec.resources.requests.storage']]);
    const scratch = (sizeLimit: string) => deployment({ containers: [app()], volumes: [{ name: 'tmp', emptyDir: { sizeLimit } }] });
    expect(diffResources(scratch('0.5Gi'), scratch('512Mi'), context)).toEqual([]);
  });

  it('treats int and string ports as the same port', () => {
    const service = (targetPort: unknown, port: unknown): K8sObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api' },
      spec: { ports: [{ name: 'http', port, targetPort }] },
    });
    expect(diffResources(service(8080, 80), service('8080', '80'), context)).toEqual([]);
    expect(brief(diffResources(service(8080, 80), service('http', 80), context))).toEqual([['changed', 'spec.ports[name=http].targetPort']]);
    const ports = (containerPort: unknown) => deployment({ containers: [app({ ports: [{ containerPort }] })] });
    expect(diffResources(ports(8080), ports('8080'), context)).toEqual([]);
  });

  it('compares scalar lists by index', () => {
    const args = (list: string[]) => deployment({ containers: [app({ args: list })] });
    expect(brief(diffResources(args(['--a', '--b']), args(['--a', '--c', '--d']), context))).toEqual([
      ['changed', 'spec.template.spec.containers[name=app].args[1]'],
      ['added', 'spec.template.spec.containers[name=app].args[2]'],
    ]);
    expect(brief(diffResources(args(['--b', '--a']), args(['--a', '--b']), context))).toHaveLength(2);
  });

  it('sorts list indexes numerically', () => {
    const many = Array.from({ length: 11 }, (_, i) => `--flag-${i}`);
    const right = deployment({ containers: [app({ args: many })] });
    const longer = deployment({ containers: [app({ args: [...many.slice(0, 2)] })] });
    const paths = diffResources(longer, right, context).map((d) => d.path.replace(/.*args/, 'args'));
    expect(paths).toEqual(Array.from({ length: 9 }, (_, i) => `args[${i + 2}]`));
  });

  it('quotes annotation keys in paths', () => {
    const annotated = (inject: string) =>
      deployment({ containers: [app()] }, { annotations: { 'sidecar.istio.io/inject': inject, team: 'shop' } });
    expect(diffResources(annotated('true'), annotated('false'), context)).toEqual([
      {
        path: 'metadata.annotations["sidecar.istio.io/inject"]',
        segments: ['metadata', 'annotations', 'sidecar.istio.io/inject'],
        change: 'changed',
        left: 'true',
        right: 'false',
      },
    ]);
  });

  it('aligns list items named after their environment', () => {
    const pod = (env: string, mode: string) =>
      deployment({ containers: [app()], volumes: [{ name: `cfg-${env}`, configMap: { name: `cfg-${env}`, defaultMode: mode } }] });
    expect(diffResources(pod('staging', '0644'), pod('production', '0644'), context)).toEqual([]);
    expect(diffResources(pod('staging', '0644'), pod('production', '0600'), context)).toEqual([
      expect.objectContaining({ path: 'spec.template.spec.volumes[name=cfg-staging].configMap.defaultMode', left: '0644', right: '0600' }),
    ]);
  });

  it('keeps x-staging and x-production apart when both sides hold both', () => {
    const pod = (a: string, b: string) =>
      deployment({ containers: [app({ env: [{ name: 'x-staging', value: a }, { name: 'x-production', value: b }] })] });
    expect(brief(diffResources(pod('1', '2'), pod('1', '3'), context))).toEqual([
      ['changed', 'spec.template.spec.containers[name=app].env[name=x-production].value'],
    ]);
  });

  it('reports added items of unkeyed lists by index', () => {
    const tolerations = (list: unknown[]) => deployment({ containers: [app()], tolerations: list });
    const spot = { key: 'spot', operator: 'Exists' };
    const gpu = { key: 'gpu', operator: 'Exists' };
    // tolerations carry `key`, so they are keyed by it; operator-only ones fall back to the index.
    expect(brief(diffResources(tolerations([spot]), tolerations([spot, gpu]), context))).toEqual([
      ['added', 'spec.template.spec.tolerations[key=gpu]'],
    ]);
    const anything = { operator: 'Exists' };
    const other = { operator: 'Exists', effect: 'NoSchedule' };
    expect(diffResources(tolerations([anything]), tolerations([anything, other]), context)).toEqual([
      expect.objectContaining({ path: 'spec.template.spec.tolerations[1]', change: 'added', right: other }),
    ]);
  });

  it('reports a change of type as one change', () => {
    const left = deployment({ containers: [app({ command: ['run'] })] });
    const right = deployment({ containers: [app({ command: 'run' })] });
    expect(diffResources(left, right, context)).toEqual([
      expect.objectContaining({ path: 'spec.template.spec.containers[name=app].command', change: 'changed', left: ['run'], right: 'run' }),
    ]);
  });

  it('reports map keys added and removed', () => {
    const left = deployment({ containers: [app()] }, { labels: { app: 'api', tier: 'web' } });
    const right = deployment({ containers: [app()] }, { labels: { app: 'api', canary: 'true' } });
    expect(brief(diffResources(left, right, context))).toEqual([
      ['added', 'metadata.labels.canary'],
      ['removed', 'metadata.labels.tier'],
    ]);
  });

  it('leaves its inputs untouched', () => {
    const left = deployment({ containers: [app(), sidecar] });
    const right = deployment({ containers: [sidecar, app({ image: 'x' })] });
    const before = JSON.stringify([left, right]);
    diffResources(left, right, context);
    expect(JSON.stringify([left, right])).toBe(before);
  });
});
