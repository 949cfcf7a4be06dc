import { describe, expect, it } from 'vitest';
import { envCandidates, pairCandidates } from '../../src/rules/index.js';
import { reportedValues } from '../../src/report/messages.js';
import type { Candidate, EndpointRule, K8sObject } from '../../src/types.js';
import { deployment, envResources, pairContext } from './helpers.js';
import { argsOf } from '../support/args.js';

const CONTAINER_PATH = 'spec.template.spec.containers[name=payments-service]';
const URL_PATH = `${CONTAINER_PATH}.env[name=PROCESSOR_URL]`;

function stagingPayments(): K8sObject {
  return deployment('payments-service', {
    env: [{ name: 'PROCESSOR_URL', value: 'https://sandbox.processor.example' }],
  });
}

function productionPayments(withCert = true): K8sObject {
  if (!withCert) {
    return deployment('payments-service', { env: [{ name: 'PROCESSOR_URL', value: 'https://api.processor.example' }] });
  }
  return deployment(
    'payments-service',
    {
      env: [
        { name: 'PROCESSOR_URL', value: 'https://api.processor.example' },
        { name: 'PROCESSOR_CLIENT_CERT', value: '/etc/processor/tls.crt' },
      ],
      volumeMounts: [{ name: 'processor-client-tls', mountPath: '/etc/processor', readOnly: true }],
    },
    {
      volumes: [{
        name: 'processor-client-tls',
        secret: { secretName: 'processor-client-tls', items: [{ key: 'tls.crt', path: 'tls.crt' }, { key: 'tls.key', path: 'tls.key' }] },
      }],
    },
  );
}

function codes(candidates: Candidate[]): string[] {
  return candidates.map((c) => `${c.code} ${c.path ?? ''}`).sort();
}

describe('TLS posture: the payments story', () => {
  const context = pairContext({ env: 'staging', objects: [stagingPayments()] }, { env: 'production', objects: [productionPayments()] });
  const candidates = pairCandidates(context);

  it('reports exactly one MTLS_MISMATCH, at the endpoint key', () => {
    const mismatches = candidates.filter((c) => c.code === 'MTLS_MISMATCH');
    expect(mismatches).toHaveLength(1);
    const [mismatch] = mismatches;
    expect(mismatch!.path).toBe(URL_PATH);
    expect(mismatch!.segments).toEqual(['spec', 'template', 'spec', 'containers', '[name=payments-service]', 'env', '[name=PROCESSOR_URL]']);
    expect(mismatch!.envs).toEqual(['staging', 'production']);
    expect(mismatch!.resource).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'payments-service' });
    expect(mismatch!.values).toEqual({
      staging: { scheme: 'https', tlsParams: [], clientCert: [], ca: [], istioTls: null },
      production: { scheme: 'https', tlsParams: [], clientCert: [{ from: 'secret', name: 'processor-client-tls' }], ca: [], istioTls: null },
    });
    expect(reportedValues(mismatch!)).toEqual({
      staging: 'https, no client certificate',
      production: 'https, client certificate (secret processor-client-tls)',
    });
    expect(argsOf(mismatch)).toMatchObject({ posture: 'endpoint', endpoint: 'PROCESSOR_URL', container: 'payments-service' });
    expect(mismatch!.deciding!.map((field) => field.path)).toEqual([
      `${CONTAINER_PATH}.volumeMounts[mountPath=/etc/processor]`,
      'spec.template.spec.volumes[name=processor-client-tls]',
      `${CONTAINER_PATH}.env[name=PROCESSOR_CLIENT_CERT]`,
    ]);
    expect(mismatch!.source).toBeNull();
  });

  it('keeps the endpoint value a VALUE_DRIFT, for policy to allow', () => {
    const drift = candidates.find((c) => c.code === 'VALUE_DRIFT' && c.path === `${URL_PATH}.value`);
    expect(drift?.values).toEqual({ staging: 'https://sandbox.processor.example', production: 'https://api.processor.example' });
  });

  it('claims the certificate volume, its mount and the cert env var', () => {
    expect(codes(candidates)).toEqual([
      `MTLS_MISMATCH ${URL_PATH}`,
      `VALUE_DRIFT ${URL_PATH}.value`,
    ]);
    const related = (argsOf(candidates.find((c) => c.code === 'MTLS_MISMATCH')).related as Array<{ path: string }>).map((r) => r.path);
    expect(related.sort()).toEqual([
      `${CONTAINER_PATH}.env[name=PROCESSOR_CLIENT_CERT]`,
      `${CONTAINER_PATH}.volumeMounts[mountPath=/etc/processor]`,
      'spec.template.spec.volumes[name=processor-client-tls]',
    ]);
  });

  it('takes only its own members of a subtree present on one side: other mounts and volumes stay drift', () => {
    const right = productionPayments();
    const pod = (right.spec as { template: { spec: { volumes: unknown[]; containers: Array<{ volumeMounts: unknown[] }> } } }).template.spec;
    pod.volumes.push({ name: 'scratch', emptyDir: {} });
    pod.containers[0]!.volumeMounts.push({ name: 'scratch', mountPath: '/scratch' });
    const found = pairCandidates(pairContext({ env: 'staging', objects: [stagingPayments()] }, { env: 'production', objects: [right] }));
    expect(codes(found)).toEqual([
      `MTLS_MISMATCH ${URL_PATH}`,
      `VALUE_DRIFT ${URL_PATH}.value`,
      `VALUE_DRIFT ${CONTAINER_PATH}.volumeMounts[mountPath=/scratch]`,
      'VALUE_DRIFT spec.template.spec.volumes[name=scratch]',
    ]);
  });

  it('reports nothing when both environments present the certificate', () => {
    const same = pairContext({ env: 'staging', objects: [productionPayments()] }, { env: 'production', objects: [productionPayments()] });
    expect(pairCandidates(same)).toEqual([]);
  });
});

describe('MTLS_REQUIRED', () => {
  const endpoints = [{ host: 'api.processor.example', requires: 'mtls' as const, declared: { file: 'policies/p.yaml' } }];
  const run = (objects: K8sObject[], hosts: EndpointRule[] = endpoints) =>
    envCandidates({
      service: 'payments-service',
      env: envResources('production', objects),
      chainEnvs: [{ env: 'staging', tokens: ['staging'] }, { env: 'production', tokens: ['production', 'prod'] }],
      tokens: ['production', 'prod'],
      policy: { endpoints: hosts },
    });

  it('flags an mTLS-only endpoint called without a client certificate', () => {
    const found = run([productionPayments(false)]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: 'MTLS_REQUIRED',
      envs: ['production'],
      path: URL_PATH,
      values: { production: 'https://api.processor.example' },
      args: { host: 'api.processor.example', key: 'PROCESSOR_URL' },
    });
  });

  it('accepts the endpoint when the certificate is mounted', () => {
    expect(run([productionPayments(true)])).toEqual([]);
  });

  it('enforces `requires: tls` on the scheme: https passes, plain http is flagged', () => {
    const tlsOnly = [{ host: 'api.processor.example', requires: 'tls' as const, declared: { file: 'policies/p.yaml' } }];
    expect(run([productionPayments(false)], tlsOnly)).toEqual([]);
    const plain = deployment('payments-service', { env: [{ name: 'PROCESSOR_URL', value: 'http://api.processor.example' }] });
    const found = run([plain], tlsOnly);
    expect(found.map((c) => c.code)).toEqual(['MTLS_REQUIRED']);
    expect(argsOf(found[0])).toMatchObject({ host: 'api.processor.example', requires: 'tls', key: 'PROCESSOR_URL' });
  });

  it('matches subdomains of a wildcard host and ignores other hosts', () => {
    const wildcard = [{ ...endpoints[0]!, host: '*.processor.example' }];
    expect(run([productionPayments(false)], wildcard).map((c) => c.code)).toEqual(['MTLS_REQUIRED']);
    const other = [{ ...endpoints[0]!, host: 'processor.example' }];
    expect(run([productionPayments(false)], other)).toEqual([]);
  });

  it('counts a cert-manager Certificate secret or an Istio MUTUAL DestinationRule as a client certificate', () => {
    const mounted = deployment(
      'payments-service',
      {
        env: [{ name: 'PROCESSOR_URL', value: 'https://api.processor.example' }],
        volumeMounts: [{ name: 'client', mountPath: '/var/run/client' }],
      },
      { volumes: [{ name: 'client', secret: { secretName: 'payments-identity' } }] },
    );
    const certificate: K8sObject = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'payments-identity' },
      spec: { secretName: 'payments-identity', usages: ['client auth'] },
    };
    expect(run([mounted])).toHaveLength(1);
    expect(run([mounted, certificate])).toEqual([]);
    const serverOnly = { ...certificate, spec: { secretName: 'payments-identity', usages: ['server auth'] } };
    expect(run([mounted, serverOnly])).toHaveLength(1);
    const rule: K8sObject = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'processor' },
      spec: { host: 'api.processor.example', trafficPolicy: { tls: { mode: 'MUTUAL', credentialName: 'processor-client' } } },
    };
    expect(run([productionPayments(false), rule])).toEqual([]);
  });
});

describe('inbound posture', () => {
  const peer = (mode: string): K8sObject => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default' },
    spec: { mtls: { mode } },
  });

  it('reports PeerAuthentication STRICT vs PERMISSIVE as an inbound MTLS_MISMATCH at the mode it sets, and claims it', () => {
    const context = pairContext(
      { env: 'staging', objects: [stagingPayments(), peer('PERMISSIVE')] },
      { env: 'production', objects: [stagingPayments(), peer('STRICT')] },
    );
    const candidates = pairCandidates(context);
    expect(candidates).toHaveLength(1);
    expect(candidates[0]).toMatchObject({
      code: 'MTLS_MISMATCH',
      path: 'spec.mtls.mode',
      segments: ['spec', 'mtls', 'mode'],
      resource: { kind: 'PeerAuthentication', name: 'default' },
      values: { staging: { mtlsMode: 'PERMISSIVE', portModes: [], mesh: [] }, production: { mtlsMode: 'STRICT', portModes: [], mesh: [] } },
      args: {
        posture: 'inbound',
        aspect: 'peerAuthentication',
        workloads: ['Deployment/payments-service'],
        related: [{ kind: 'PeerAuthentication', name: 'default', path: 'spec.mtls.mode' }],
      },
    });
    expect(reportedValues(candidates[0]!)).toEqual({ staging: 'mtls PERMISSIVE', production: 'mtls STRICT' });
  });

  it('applies a workload selector over the namespace-wide mode, with port-level modes', () => {
    const selecting: K8sObject = {
      apiVersion: 'security.istio.io/v1beta1',
      kind: 'PeerAuthentication',
      metadata: { name: 'payments' },
      spec: { selector: { matchLabels: { app: 'payments-service' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 9090: { mode: 'DISABLE' } } },
    };
    const context = pairContext(
      { env: 'staging', objects: [stagingPayments(), peer('PERMISSIVE')] },
      { env: 'production', objects: [stagingPayments(), peer('PERMISSIVE'), selecting] },
    );
    const mismatch = pairCandidates(context).find((c) => c.code === 'MTLS_MISMATCH');
    expect(mismatch && reportedValues(mismatch)).toEqual({ staging: 'mtls PERMISSIVE', production: 'mtls STRICT, port 9090 DISABLE' });
  });

  it('reports sidecar injection switched off in one environment', () => {
    const injected = deployment('payments-service', {}, {}, { annotations: { 'sidecar.istio.io/inject': 'true' } });
    const plain = deployment('payments-service', {}, {}, { annotations: { 'sidecar.istio.io/inject': 'false' } });
    const candidates = pairCandidates(pairContext({ env: 'staging', objects: [plain] }, { env: 'production', objects: [injected] }));
    expect(candidates.map((c) => c.code)).toEqual(['MTLS_MISMATCH']);
    expect(reportedValues(candidates[0]!)).toEqual({ staging: 'no PeerAuthentication, no istio sidecar', production: 'no PeerAuthentication, istio sidecar' });
    expect(candidates[0]!.values.production).toEqual({ mtlsMode: null, portModes: [], mesh: [{ mesh: 'istio', injected: true }] });
  });
});

describe('DestinationRule TLS mode', () => {
  const rule = (mode: string): K8sObject => ({
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'DestinationRule',
    metadata: { name: 'ledger' },
    spec: { host: 'ledger.payments.svc.cluster.local', trafficPolicy: { tls: { mode } } },
  });
  const app = deployment('payments-service', { env: [{ name: 'LEDGER_URL', value: 'http://ledger.payments.svc.cluster.local:8080' }] });

  it('reports ISTIO_MUTUAL vs DISABLE for the endpoint whose host the rule names', () => {
    const candidates = pairCandidates(
      pairContext({ env: 'staging', objects: [app, rule('DISABLE')] }, { env: 'production', objects: [app, rule('ISTIO_MUTUAL')] }),
    );
    expect(candidates).toHaveLength(1);
    expect(candidates[0]).toMatchObject({
      code: 'MTLS_MISMATCH',
      path: `${CONTAINER_PATH}.env[name=LEDGER_URL]`,
      values: { staging: { scheme: 'http', istioTls: 'DISABLE' }, production: { scheme: 'http', istioTls: 'ISTIO_MUTUAL' } },
      args: { posture: 'endpoint', endpoint: 'LEDGER_URL', related: [{ kind: 'DestinationRule', name: 'ledger', path: 'spec.trafficPolicy.tls.mode' }] },
    });
    expect(reportedValues(candidates[0]!)).toEqual({
      staging: 'http, no client certificate, istio tls DISABLE',
      production: 'http, no client certificate, istio tls ISTIO_MUTUAL',
    });
  });
});

describe('endpoint attribution and sources', () => {
  it('gives prefixed cert env vars to their own endpoint only', () => {
    const base = [
      { name: 'PROCESSOR_URL', value: 'https://api.processor.example' },
      { name: 'LEDGER_URL', value: 'https://ledger.internal.example' },
    ];
    const left = deployment('payments-service', { env: base });
    const right = deployment('payments-service', { env: [...base, { name: 'PROCESSOR_TLS_CERT_FILE', value: '/certs/tls.crt' }] });
    const mismatches = pairCandidates(pairContext({ env: 'staging', objects: [left] }, { env: 'production', objects: [right] }))
      .filter((c) => c.code === 'MTLS_MISMATCH');
    expect(mismatches.map((c) => argsOf(c).endpoint)).toEqual(['PROCESSOR_URL']);
  });

  it('reads endpoints from envFrom ConfigMaps and reports them at the ConfigMap key', () => {
    const app = deployment('payments-service', { envFrom: [{ configMapRef: { name: 'payments-config' } }] });
    const config = (url: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'payments-config' }, data: { PROCESSOR_URL: url } });
    const candidates = pairCandidates(pairContext(
      { env: 'staging', objects: [app, config('http://processor.example')] },
      { env: 'production', objects: [app, config('https://processor.example')] },
    ));
    expect(codes(candidates)).toEqual(['MTLS_MISMATCH data.PROCESSOR_URL', 'VALUE_DRIFT data.PROCESSOR_URL']);
    const mismatch = candidates.find((c) => c.code === 'MTLS_MISMATCH')!;
    expect(mismatch.resource).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'payments-config' });
    expect(reportedValues(mismatch)).toEqual({ staging: 'http, no client certificate', production: 'https, no client certificate' });
  });

  it('treats a mounted Secret of type kubernetes.io/tls in the render as a client certificate', () => {
    const secret = (crt: string): K8sObject => ({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ident' }, type: 'kubernetes.io/tls',
      data: { 'tls.crt': Buffer.from(crt).toString('base64'), 'tls.key': Buffer.from(`${crt}-key`).toString('base64') },
    });
    const app = (mounted: boolean) => deployment(
      'payments-service',
      { env: [{ name: 'PROCESSOR_URL', value: 'https://api.processor.example' }], ...(mounted ? { volumeMounts: [{ name: 'ident', mountPath: '/ident' }] } : {}) },
      { volumes: [{ name: 'ident', secret: { secretName: 'ident' } }] },
    );
    const candidates = pairCandidates(pairContext({ env: 'staging', objects: [app(false), secret('a')] }, { env: 'production', objects: [app(true), secret('b')] }));
    expect(codes(candidates)).toEqual([`MTLS_MISMATCH ${URL_PATH}`]);
    expect(reportedValues(candidates[0]!).production).toBe('https, client certificate (secret ident)');
  });
});

describe('other workload kinds and meshes', () => {
  it('reads CronJob endpoints and reports a Namespace-level Linkerd injection at the Namespace annotation', () => {
    const cron: K8sObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'settle' },
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'settle', env: [{ name: 'BANK_URL', value: 'http://bank.example' }] }] } } } } },
    };
    const namespace = (inject: string): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments', annotations: { 'linkerd.io/inject': inject } } });
    const candidates = pairCandidates(pairContext(
      { env: 'staging', objects: [cron, namespace('disabled')] },
      { env: 'production', objects: [cron, namespace('enabled')] },
    ));
    expect(candidates.filter((c) => c.code === 'MTLS_MISMATCH').map((c) => [c.resource!.kind, c.path, c.values, argsOf(c).workloads])).toEqual([
      ['Namespace', 'metadata.annotations["linkerd.io/inject"]', { staging: 'disabled', production: 'enabled' }, ['CronJob/settle']],
    ]);
    expect(candidates.filter((c) => c.code === 'VALUE_DRIFT')).toEqual([]);
  });
});
