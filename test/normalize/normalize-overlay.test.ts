import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envTokens } from '../../src/normalize/env-tokens.js';
import { normalizeOverlay } from '../../src/normalize/normalize-overlay.js';
import type { K8sObject, KustomizationChain, NormalizedResource, RenderedOverlay } from '../../src/types.js';
import { parseYamlDocuments } from '../../src/yaml/parse-yaml.js';
import { originsFor } from '../support/origins.js';

function loadFixture(name: string): K8sObject[] {
  const file = new URL(`./fixtures/${name}`, import.meta.url);
  return parseYamlDocuments(readFileSync(file, 'utf8'), name).map((doc) => doc.value as K8sObject);
}

/** A render of `overlays/<env>`, whose kustomization sets `affix` (origins as Kustomize's build metadata gives them). */
function rendered(
  env: string,
  resources: K8sObject[],
  chain: Partial<KustomizationChain> = {},
  affix: { prefix?: string; suffix?: string } = {},
): RenderedOverlay {
  return {
    overlay: { service: 'api', env, dir: `/repo/overlays/${env}`, relDir: `overlays/${env}` },
    resources,
    chain: { files: [], images: [], inputs: [], remotes: [], ...chain },
    preRendered: false,
    origins: originsFor(resources, affix, `overlays/${env}/kustomization.yaml`),
  };
}

function byKey(resources: NormalizedResource[], key: string): K8sObject {
  const found = resources.find((resource) => resource.key === key);
  if (!found) throw new Error(`no ${key} in ${resources.map((r) => r.key).join(', ')}`);
  return found.object;
}

function at(object: unknown, ...path: Array<string | number>): unknown {
  return path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)?.[key], object);
}

// overlays/eu-prod: namespace payments-eu-prod, namePrefix eu-prod-, plus its Namespace object.
const euProd = normalizeOverlay(
  rendered('eu-prod', loadFixture('rendered-eu-prod.yaml'), { namespace: 'payments-eu-prod' }, { prefix: 'eu-prod-' }),
  { tokens: envTokens('eu-prod', 'payments-eu-prod') },
);
// overlays/staging: namespace payments-staging, nameSuffix -stg, app-config merged (other hash).
const staging = normalizeOverlay(
  rendered('staging', loadFixture('rendered-staging.yaml'), { namespace: 'payments-staging' }, { suffix: '-stg' }),
  { tokens: envTokens('staging', 'payments-staging') },
);

describe('normalizeOverlay on real Kustomize output', () => {
  it('keys resources by group/kind/normalized name, sorted, the Namespace object included', () => {
    const keys = [
      '/ConfigMap/app-config',
      '/Secret/app-secret',
      '/Service/api',
      '/ServiceAccount/api',
      'apps/Deployment/api',
      'autoscaling/HorizontalPodAutoscaler/api',
      'networking.k8s.io/Ingress/api',
      'rbac.authorization.k8s.io/Role/api-reader',
      'rbac.authorization.k8s.io/RoleBinding/api-reader',
    ];
    expect(euProd.resources.map((r) => r.key)).toEqual([...keys.slice(0, 1), '/Namespace/payments-eu-prod', ...keys.slice(1)]);
    expect(staging.resources.map((r) => r.key)).toEqual(keys);
  });

  it('keeps the rendered name and carries the overlay through', () => {
    const config = euProd.resources.find((r) => r.key === '/ConfigMap/app-config')!;
    expect(config.renderedName).toBe('eu-prod-app-config-hf678c7m2b');
    expect(config.name).toBe('app-config');
    expect(config.object.metadata.name).toBe('app-config');
    expect(config.group).toBe('');
    expect(euProd.env).toBe('eu-prod');
    expect(euProd.service).toBe('api');
  });

  it('strips prefix and hash from every reference of the Deployment', () => {
    const deployment = byKey(euProd.resources, 'apps/Deployment/api');
    const pod = at(deployment, 'spec', 'template', 'spec');
    expect(at(pod, 'serviceAccountName')).toBe('api');
    expect(at(pod, 'containers', 0, 'envFrom', 0, 'configMapRef', 'name')).toBe('app-config');
    expect(at(pod, 'containers', 0, 'env', 0, 'valueFrom', 'secretKeyRef', 'name')).toBe('app-secret');
    expect(at(pod, 'volumes', 0, 'configMap', 'name')).toBe('app-config');
    expect(at(pod, 'volumes', 1, 'secret', 'secretName')).toBe('app-secret');
  });

  it('strips the suffix and hash the same way', () => {
    const pod = at(byKey(staging.resources, 'apps/Deployment/api'), 'spec', 'template', 'spec');
    expect(at(pod, 'serviceAccountName')).toBe('api');
    expect(at(pod, 'containers', 0, 'envFrom', 0, 'configMapRef', 'name')).toBe('app-config');
    expect(at(pod, 'volumes', 1, 'secret', 'secretName')).toBe('app-secret');
  });

  it('leaves references to resources outside the render alone', () => {
    const pod = at(byKey(euProd.resources, 'apps/Deployment/api'), 'spec', 'template', 'spec');
    expect(at(pod, 'containers', 0, 'env', 1, 'valueFrom', 'configMapKeyRef', 'name')).toBe('shared-config');
    expect(at(pod, 'imagePullSecrets', 0, 'name')).toBe('registry-creds');
  });

  it('rewrites HPA, RoleBinding and Ingress references', () => {
    expect(at(byKey(euProd.resources, 'autoscaling/HorizontalPodAutoscaler/api'), 'spec', 'scaleTargetRef', 'name')).toBe('api');
    const binding = byKey(euProd.resources, 'rbac.authorization.k8s.io/RoleBinding/api-reader');
    expect(at(binding, 'roleRef', 'name')).toBe('api-reader');
    expect(at(binding, 'subjects', 0, 'name')).toBe('api');
    const ingress = byKey(staging.resources, 'networking.k8s.io/Ingress/api');
    expect(at(ingress, 'spec', 'rules', 0, 'http', 'paths', 0, 'backend', 'service', 'name')).toBe('api');
  });

  it('removes metadata.namespace everywhere', () => {
    for (const resource of [...euProd.resources, ...staging.resources]) {
      expect(resource.object.metadata.namespace).toBeUndefined();
    }
  });

  it('does not modify the rendered objects', () => {
    const input = loadFixture('rendered-eu-prod.yaml');
    const before = JSON.stringify(input);
    normalizeOverlay(rendered('eu-prod', input, { namespace: 'payments-eu-prod' }, { prefix: 'eu-prod-' }), { tokens: [] });
    expect(JSON.stringify(input)).toBe(before);
  });
});

function deployment(name: string, extra: Record<string, unknown> = {}): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: 'staging-api' }, ...extra },
    spec: { template: { spec: { containers: [{ name: 'app', image: 'api:1' }] } } },
  };
}

describe('normalizeOverlay on hand-written objects', () => {
  it('strips only the exact chain prefix, never env names, and leaves labels alone', () => {
    const result = normalizeOverlay(
      rendered('staging', [deployment('staging-api'), deployment('x-staging'), deployment('other-api')], {}, { prefix: 'staging-' }),
      { tokens: envTokens('staging') },
    );
    expect(result.resources.map((r) => r.name)).toEqual(['api', 'other-api', 'x-staging']);
    expect(result.resources.every((r) => r.object.metadata.labels?.app === 'staging-api')).toBe(true);
  });

  it('drops server fields and server-written annotations', () => {
    const object = deployment('api', {
      uid: 'u-1',
      resourceVersion: '42',
      generation: 3,
      creationTimestamp: '2024-01-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl' }],
      selfLink: '/apis/apps/v1/x',
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'deployment.kubernetes.io/revision': '7',
        'team.example/owner': 'payments',
      },
    });
    object.status = { replicas: 1 };
    const [resource] = normalizeOverlay(rendered('staging', [object]), { tokens: [] }).resources;
    expect(resource!.object.status).toBeUndefined();
    expect(Object.keys(resource!.object.metadata).sort()).toEqual(['annotations', 'labels', 'name']);
    expect(resource!.object.metadata.annotations).toEqual({ 'team.example/owner': 'payments' });
  });

  it('keeps every Namespace object, the overlay’s own too, to compare like any resource', () => {
    const namespace = (name: string): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'istio-injection': 'enabled' } } });
    const result = normalizeOverlay(
      rendered('staging', [namespace('ecommerce-staging'), namespace('staging'), namespace('monitoring')], { namespace: 'ecommerce-staging' }),
      { tokens: envTokens('staging', 'ecommerce-staging') },
    );
    expect(result.resources.map((r) => r.key)).toEqual(['/Namespace/ecommerce-staging', '/Namespace/monitoring', '/Namespace/staging']);
    expect(result.resources[0]!.object.metadata.labels).toEqual({ 'istio-injection': 'enabled' });
  });

  it('keeps the namespace each object was rendered into aside, off the compared object', () => {
    const objects: K8sObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop-qa' } },
      { ...deployment('api'), metadata: { name: 'api', namespace: 'shop-qa' } },
    ];
    const result = normalizeOverlay({ ...rendered('qa', objects), preRendered: true }, { tokens: envTokens('qa') });
    expect(result.resources.map((r) => [r.key, r.namespace])).toEqual([['/Namespace/shop-qa', undefined], ['apps/Deployment/api', 'shop-qa']]);
    expect(result.resources[1]!.object.metadata.namespace).toBeUndefined();
  });

  it('rewrites every string equal to a hashed name, including projected sources', () => {
    const config: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config-7f9h2c6bgm' }, data: {} };
    const pod = deployment('api');
    (pod.spec as { template: { spec: Record<string, unknown> } }).template.spec.volumes = [
      { name: 'all', projected: { sources: [{ configMap: { name: 'app-config-7f9h2c6bgm' } }] } },
    ];
    (pod.metadata.annotations as unknown) = { 'reloader.example/watch': 'app-config-7f9h2c6bgm' };
    const result = normalizeOverlay(rendered('dev', [config, pod]), { tokens: [] });
    const normalized = byKey(result.resources, 'apps/Deployment/api');
    expect(at(normalized, 'spec', 'template', 'spec', 'volumes', 0, 'projected', 'sources', 0, 'configMap', 'name')).toBe('app-config');
    expect(normalized.metadata.annotations).toEqual({ 'reloader.example/watch': 'app-config' });
    expect(byKey(result.resources, '/ConfigMap/app-config').metadata.name).toBe('app-config');
  });

  it('strips hashes from ConfigMaps and Secrets only', () => {
    const job: K8sObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate-7f9h2c6bgm' } };
    const result = normalizeOverlay(rendered('dev', [job]), { tokens: [] });
    expect(result.resources[0]!.key).toBe('batch/Job/migrate-7f9h2c6bgm');
  });

  it('rewrites StatefulSet, PVC, PriorityClass and ServiceAccount references to resources of the render only', () => {
    const named = (apiVersion: string, kind: string, name: string): K8sObject => ({ apiVersion, kind, metadata: { name } });
    const statefulSet: K8sObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'eu-prod-db' },
      spec: {
        serviceName: 'eu-prod-db',
        template: {
          spec: {
            serviceAccount: 'eu-prod-db',
            priorityClassName: 'eu-prod-critical',
            volumes: [
              { name: 'data', persistentVolumeClaim: { claimName: 'eu-prod-data' } },
              { name: 'shared', persistentVolumeClaim: { claimName: 'eu-prod-shared' } },
            ],
          },
        },
      },
    };
    const result = normalizeOverlay(
      rendered('eu-prod', [
        statefulSet,
        named('v1', 'Service', 'eu-prod-db'),
        named('v1', 'ServiceAccount', 'eu-prod-db'),
        named('scheduling.k8s.io/v1', 'PriorityClass', 'eu-prod-critical'),
        named('v1', 'PersistentVolumeClaim', 'eu-prod-data'),
      ], {}, { prefix: 'eu-prod-' }),
      { tokens: envTokens('eu-prod') },
    );
    const spec = at(byKey(result.resources, 'apps/StatefulSet/db'), 'spec');
    expect(at(spec, 'serviceName')).toBe('db');
    expect(at(spec, 'template', 'spec', 'serviceAccount')).toBe('db');
    expect(at(spec, 'template', 'spec', 'priorityClassName')).toBe('critical');
    expect(at(spec, 'template', 'spec', 'volumes', 0, 'persistentVolumeClaim', 'claimName')).toBe('data');
    // No PVC eu-prod-shared in this render: the reference is external and stays as written.
    expect(at(spec, 'template', 'spec', 'volumes', 1, 'persistentVolumeClaim', 'claimName')).toBe('eu-prod-shared');
  });

  it('keeps quantities and ports as written', () => {
    const pod = deployment('api');
    const container = { name: 'app', resources: { requests: { cpu: '100m', memory: '0.5Gi' } }, ports: [{ containerPort: '8080' }] };
    (pod.spec as { template: { spec: Record<string, unknown> } }).template.spec.containers = [container];
    const [resource] = normalizeOverlay(rendered('dev', [pod]), { tokens: [] }).resources;
    expect(at(resource!.object, 'spec', 'template', 'spec', 'containers', 0)).toEqual(container);
  });

  it('keeps the namespace in the key when names collide across namespaces', () => {
    const a = { ...deployment('api'), metadata: { name: 'api', namespace: 'team-a' } };
    const b = { ...deployment('api'), metadata: { name: 'api', namespace: 'team-b' } };
    const result = normalizeOverlay(rendered('dev', [b, a]), { tokens: [] });
    expect(result.resources.map((r) => r.key)).toEqual(['apps/Deployment/api@team-a', 'apps/Deployment/api@team-b']);
  });
});
