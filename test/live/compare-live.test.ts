import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { compareLive } from '../../src/live/compare-live.js';
import { attributeField } from '../../src/live/managed-fields.js';
import type { K8sObject } from '../../src/types.js';
import { readFixtureObjects } from '../support/fake-kube-api.js';
import type { TestWorkload } from './api-shapes.js';
import { FIXTURES } from './fixture-cluster.js';

const live = readFixtureObjects(join(FIXTURES, 'cluster.yaml')) as K8sObject[];
const desiredProduction = readFixtureObjects(join(FIXTURES, 'desired-production.yaml')) as K8sObject[];
const desiredStaging = readFixtureObjects(join(FIXTURES, 'desired-staging.yaml')) as K8sObject[];

function find(objects: K8sObject[], kind: string, name: string, namespace?: string): K8sObject {
  const found = objects.find(
    (o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace),
  );
  if (!found) throw new Error(`fixture has no ${kind} ${name}`);
  return found;
}

describe('compareLive', () => {
  it('finds a hand edit: replicas, image and an added env var, ignoring defaults and server fields', () => {
    const diffs = compareLive(find(desiredProduction, 'Deployment', 'payments-service'), find(live, 'Deployment', 'payments-service', 'production'));
    expect(diffs.map((d) => [d.path, d.change, d.desired, d.live])).toEqual([
      ['spec.replicas', 'changed', 3, 5],
      ['spec.template.spec.containers[name=app].image', 'changed', 'registry.example.com/payments-service:1.4.2', 'registry.example.com/payments-service:1.4.2-hotfix'],
      ['spec.template.spec.containers[name=app].env[name=DEBUG]', 'extra', undefined, { name: 'DEBUG', value: 'true' }],
    ]);
  });

  it('is clean for an environment as applied (quantities, default protocol and int-or-string equal)', () => {
    expect(compareLive(find(desiredStaging, 'Deployment', 'payments-service'), find(live, 'Deployment', 'payments-service', 'staging'))).toEqual([]);
    expect(compareLive(find(desiredProduction, 'Service', 'payments-service'), find(live, 'Service', 'payments-service'))).toEqual([]);
  });

  it('reports a field removed by hand as missing and a changed map value', () => {
    const desired = structuredClone(find(desiredStaging, 'ConfigMap', 'payments-config'));
    desired.data = { LOG_LEVEL: 'info', TIMEOUT_MS: '3000', FEATURE_X: 'on' };
    const diffs = compareLive(desired, find(live, 'ConfigMap', 'payments-config', 'staging'));
    expect(diffs.map((d) => [d.path, d.change])).toEqual([
      ['data.LOG_LEVEL', 'changed'],
      ['data.FEATURE_X', 'missing'],
    ]);
  });

  it('compares Secret values (stringData against base64 data) without ever showing them', () => {
    const diffs = compareLive(find(desiredProduction, 'Secret', 'payments-db'), find(live, 'Secret', 'payments-db'));
    expect(diffs).toEqual([{ path: 'data.password', segments: ['data', 'password'], change: 'changed', desired: '<redacted>', live: '<redacted>' }]);
    expect(JSON.stringify(diffs)).not.toMatch(/s3cret|rotated|cm90YXRl|czNjcmV0/);
    const same = structuredClone(find(desiredProduction, 'Secret', 'payments-db'));
    same.stringData = { password: 'rotated-by-hand-7f3c' };
    expect(compareLive(same, find(live, 'Secret', 'payments-db'))).toEqual([]);
  });

  it('redacts credential env values', () => {
    const desired = structuredClone(find(desiredStaging, 'Deployment', 'payments-service'));
    const liveCopy = structuredClone(find(live, 'Deployment', 'payments-service', 'staging'));
    (liveCopy as TestWorkload).spec.template.spec.containers[0]!.env!.push({ name: 'API_TOKEN', value: 'tok-123' });
    const [diff] = compareLive(desired, liveCopy);
    expect(diff).toMatchObject({ path: 'spec.template.spec.containers[name=app].env[name=API_TOKEN]', live: { name: 'API_TOKEN', value: '<redacted>' } });
  });
});

describe('attributeField', () => {
  const deployment = find(live, 'Deployment', 'payments-service', 'production');
  const at = (path: string[]) => attributeField(deployment, path);

  it('names the manager of a hand-edited field and its time', () => {
    expect(at(['spec', 'replicas'])).toEqual({ manager: 'kubectl-edit', operation: 'Update', time: '2025-06-02T03:14:00Z', exact: true });
    expect(at(['spec', 'template', 'spec', 'containers', '[name=app]', 'image'])?.manager).toBe('kubectl-edit');
    expect(at(['spec', 'template', 'spec', 'containers', '[name=app]', 'env', '[name=DEBUG]'])?.manager).toBe('kubectl-edit');
  });

  it('names the applier for fields it owns, matching keyed items with the default protocol', () => {
    expect(at(['spec', 'template', 'spec', 'containers', '[name=app]', 'env', '[name=PROCESSOR_URL]', 'value'])).toMatchObject({ manager: 'argocd-controller', operation: 'Apply', exact: true });
    expect(at(['spec', 'template', 'spec', 'containers', '[name=app]', 'ports', '[containerPort=8080]', 'containerPort'])?.manager).toBe('argocd-controller');
    expect(at(['status', 'readyReplicas'])?.manager).toBe('kube-controller-manager');
  });

  it('falls back to the deepest owned parent, marked inexact, and the latest of equals', () => {
    // both managers own parts of env; kubectl-edit touched it last
    expect(at(['spec', 'template', 'spec', 'containers', '[name=app]', 'env', '[name=GONE]'])).toMatchObject({ manager: 'kubectl-edit', exact: false });
    expect(at(['spec', 'template', 'spec', 'containers', '[name=app]', 'resources', 'limits', 'cpu'])).toMatchObject({ manager: 'argocd-controller', exact: false });
    const shared = structuredClone(deployment);
    const [applied] = shared.metadata.managedFields as Array<{ time: string; fieldsV1: Record<string, Record<string, unknown>> }>;
    applied!.fieldsV1['f:spec']!['f:replicas'] = {};
    applied!.time = '2025-06-05T00:00:00Z';
    expect(attributeField(shared, ['spec', 'replicas'])?.manager).toBe('argocd-controller');
    expect(attributeField({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, ['data'])).toBeNull();
  });
});
