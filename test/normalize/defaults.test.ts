import { describe, expect, it } from 'vitest';
import { defaultPullPolicy, dropDefaultValues } from '../../src/normalize/defaults.js';
import type { K8sObject } from '../../src/types.js';

function dropped(object: K8sObject): K8sObject {
  const copy = structuredClone(object);
  dropDefaultValues(copy);
  return copy;
}

const container = (fields: Record<string, unknown>) => ({ name: 'app', image: 'ghcr.io/example/app:1.2.3', ...fields });

function deployment(spec: Record<string, unknown>, podSpec: Record<string, unknown>, containerFields: Record<string, unknown> = {}): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app' },
    spec: { ...spec, template: { metadata: { labels: { app: 'app' } }, spec: { ...podSpec, containers: [container(containerFields)] } } },
  };
}

const BARE = deployment({}, {});

describe('defaultPullPolicy', () => {
  it('is Always for latest or no tag, IfNotPresent for a tag or a digest', () => {
    expect(defaultPullPolicy('nginx')).toBe('Always');
    expect(defaultPullPolicy('nginx:latest')).toBe('Always');
    expect(defaultPullPolicy('registry.example.com:5000/team/nginx')).toBe('Always');
    expect(defaultPullPolicy('registry.example.com:5000/team/nginx:1.25')).toBe('IfNotPresent');
    expect(defaultPullPolicy('nginx@sha256:abc')).toBe('IfNotPresent');
    expect(defaultPullPolicy(undefined)).toBeUndefined();
  });
});

describe('dropDefaultValues', () => {
  it('removes the API server defaults of a Deployment, its pod spec and containers', () => {
    const explicit = deployment(
      { revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
      { restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {}, volumes: [] },
      {
        imagePullPolicy: 'IfNotPresent',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        securityContext: {},
        env: [],
      },
    );
    const expected = deployment({}, {}, { ports: [{ containerPort: 8080 }] });
    expect(dropped(explicit)).toEqual(expected);
  });

  it('keeps values that differ from the default', () => {
    const custom = deployment(
      { revisionHistoryLimit: 3, strategy: { type: 'Recreate' } },
      { restartPolicy: 'Always', terminationGracePeriodSeconds: 60, dnsPolicy: 'None' },
      { imagePullPolicy: 'Always', ports: [{ containerPort: 53, protocol: 'UDP' }] },
    );
    const expected = deployment(
      { revisionHistoryLimit: 3, strategy: { type: 'Recreate' } },
      { terminationGracePeriodSeconds: 60, dnsPolicy: 'None' },
      { imagePullPolicy: 'Always', ports: [{ containerPort: 53, protocol: 'UDP' }] },
    );
    expect(dropped(custom)).toEqual(expected);
  });

  it('removes the part of a strategy that is the default and keeps the rest', () => {
    const partial = deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } }, {});
    expect(dropped(partial)).toEqual(deployment({ strategy: { rollingUpdate: { maxSurge: 1 } } }, {}));
    expect(dropped(deployment({ strategy: { type: 'RollingUpdate' } }, {}))).toEqual(BARE);
  });

  it('knows the pull policy of latest and untagged images', () => {
    const latest = (policy: string): K8sObject => ({ ...BARE, spec: { template: { spec: { containers: [{ name: 'app', image: 'app:latest', imagePullPolicy: policy }] } } } });
    expect(dropped(latest('Always')).spec).toEqual({ template: { spec: { containers: [{ name: 'app', image: 'app:latest' }] } } });
    expect(dropped(latest('IfNotPresent')).spec).toEqual(latest('IfNotPresent').spec);
  });

  it('removes Service defaults: type, session affinity, port protocol and a targetPort equal to the port', () => {
    const service: K8sObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'app', labels: {}, annotations: {} },
      spec: {
        type: 'ClusterIP',
        sessionAffinity: 'None',
        ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }, { name: 'grpc', port: 9090, targetPort: 'grpc' }, { name: 'm', port: 9100, targetPort: '9100' }],
      },
    };
    expect(dropped(service)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'app' },
      spec: { ports: [{ name: 'http', port: 80 }, { name: 'grpc', port: 9090, targetPort: 'grpc' }, { name: 'm', port: 9100 }] },
    });
    expect(dropped({ ...service, spec: { type: 'NodePort', ports: [] } }).spec).toEqual({ type: 'NodePort', ports: [] });
  });

  it('reaches the pod template of a CronJob and the spec of its Job', () => {
    const cronJob: K8sObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: {
        schedule: '0 3 * * *',
        concurrencyPolicy: 'Allow',
        jobTemplate: { spec: { backoffLimit: 6, template: { spec: { restartPolicy: 'OnFailure', dnsPolicy: 'ClusterFirst', containers: [container({ imagePullPolicy: 'IfNotPresent' })] } } } },
      },
    };
    expect(dropped(cronJob).spec).toEqual({
      schedule: '0 3 * * *',
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [container({})] } } } },
    });
  });

  it('leaves custom resources alone, even with fields named like core or Flux defaults', () => {
    const release: K8sObject = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'app' },
      spec: { values: { test: { enable: false }, imagePullPolicy: 'IfNotPresent', securityContext: {} } },
    };
    expect(dropped(release)).toEqual(release);
    const rollout: K8sObject = { ...BARE, apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', spec: { revisionHistoryLimit: 10 } };
    expect(dropped(rollout)).toEqual(rollout);
  });

  it('removes the declared defaults of Flux HelmReleases and keeps every other value', () => {
    const release: K8sObject = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'app' },
      spec: {
        interval: '10m',
        suspend: false,
        test: { enable: false },
        chart: { spec: { chart: 'app', version: '*', reconcileStrategy: 'ChartVersion', sourceRef: { kind: 'HelmRepository', name: 'app' } } },
        install: { remediation: { retries: 0, remediateLastFailure: false } },
        upgrade: { remediation: { retries: 3, strategy: 'rollback', remediateLastFailure: true }, strategy: { name: 'RetryOnFailure' } },
        uninstall: { deletionPropagation: 'background' },
      },
    };
    expect(dropped(release).spec).toEqual({
      interval: '10m',
      chart: { spec: { chart: 'app', sourceRef: { kind: 'HelmRepository', name: 'app' } } },
      upgrade: { remediation: { retries: 3 }, strategy: { name: 'RetryOnFailure' } },
    });
    const enabled = { ...release, spec: { suspend: true, test: { enable: true, ignoreFailures: false }, upgrade: { remediation: { remediateLastFailure: true } } } };
    expect(dropped(enabled)).toEqual(enabled);
  });

  it('removes suspend, force and wait of Flux Kustomizations and source defaults, by API group', () => {
    const kustomization: K8sObject = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'apps' },
      spec: { path: './apps', prune: true, suspend: false, force: false, wait: false },
    };
    expect(dropped(kustomization).spec).toEqual({ path: './apps', prune: true });
    const git: K8sObject = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'fleet' }, spec: { url: 'https://example.com/fleet', suspend: false, timeout: '60s' } };
    expect(dropped(git).spec).toEqual({ url: 'https://example.com/fleet' });
    const charts: K8sObject = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'charts' }, spec: { suspend: false, provider: 'aws' } };
    expect(dropped(charts).spec).toEqual({ provider: 'aws' });
    const build: K8sObject = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', metadata: { name: 'x' }, spec: { suspend: false } };
    expect(dropped(build)).toEqual(build);
  });
});
