import { describe, expect, it } from 'vitest';
import { pairCandidates } from '../../src/rules/index.js';
import { formatMessage } from '../../src/report/messages.js';
import type { Candidate, K8sObject } from '../../src/types.js';
import { deployment, pairContext } from './helpers.js';

function compare(left: K8sObject[], right: K8sObject[]): Candidate[] {
  return pairCandidates(pairContext({ env: 'staging', objects: left }, { env: 'production', objects: right }));
}

function listed(candidates: Candidate[]): string[] {
  return candidates.map((c) => `${c.code} ${c.resource?.kind}/${c.resource?.name} ${c.path ?? '-'}`).sort();
}

const CONTAINER = 'spec.template.spec.containers[name=reports]';

describe('a client certificate in one environment, in a container without endpoints', () => {
  const plain = deployment('reports', { env: [{ name: 'LOG_LEVEL', value: 'info' }] });
  const withCert = deployment(
    'reports',
    {
      env: [
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'CLIENT_CERT_FILE', value: '/etc/client-cert/tls.crt' },
        { name: 'CLIENT_KEY_PATH', value: '/etc/client-cert/tls.key' },
      ],
      volumeMounts: [{ name: 'client-cert', mountPath: '/etc/client-cert', readOnly: true }],
    },
    { volumes: [{ name: 'client-cert', secret: { secretName: 'reports-client-cert' } }] },
  );

  it('is one MTLS_MISMATCH at the mount, the volume and env vars as further deciding fields, no VALUE_DRIFT', () => {
    const candidates = compare([plain], [withCert]);
    expect(listed(candidates)).toEqual([`MTLS_MISMATCH Deployment/reports ${CONTAINER}.volumeMounts[mountPath=/etc/client-cert]`]);
    const [mismatch] = candidates;
    expect(mismatch!.values).toEqual({
      staging: { clientCertificate: false, evidence: [] },
      production: { clientCertificate: true, evidence: ['env CLIENT_CERT_FILE', 'env CLIENT_KEY_PATH', 'secret reports-client-cert'] },
    });
    expect(mismatch!.deciding!.map((field) => field.path)).toEqual([
      'spec.template.spec.volumes[name=client-cert]',
      `${CONTAINER}.env[name=CLIENT_CERT_FILE]`,
      `${CONTAINER}.env[name=CLIENT_KEY_PATH]`,
    ]);
    expect(formatMessage(mismatch!)).toBe(
      `Container reports presents a client certificate in production but not in staging (\`${CONTAINER}.volumeMounts[mountPath=/etc/client-cert]\` of Deployment reports).`,
    );
  });

  it('leaves a cert env var without a mounted certificate as plain drift', () => {
    const envOnly = deployment('reports', { env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'CLIENT_CERT_FILE', value: '/tmp/x.crt' }] });
    expect(listed(compare([plain], [envOnly]))).toEqual([`VALUE_DRIFT Deployment/reports ${CONTAINER}.env[name=CLIENT_CERT_FILE]`]);
  });

  it('reports nothing when both environments present one', () => {
    expect(compare([withCert], [withCert])).toEqual([]);
  });
});

describe('TLS at the edge', () => {
  const ingress = (extra: { tls?: boolean; annotations?: Record<string, string>; secretName?: string }): K8sObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'shop', annotations: extra.annotations ?? {} },
    spec: {
      rules: [{ host: 'shop.example.com' }],
      ...(extra.tls === false ? {} : { tls: [{ hosts: ['shop.example.com'], secretName: extra.secretName ?? 'shop-tls' }] }),
    },
  });

  it('reports an Ingress dropping spec.tls at spec.tls, with the state per environment', () => {
    const candidates = compare([ingress({})], [ingress({ tls: false })]);
    expect(listed(candidates)).toEqual(['MTLS_MISMATCH Ingress/shop spec.tls']);
    expect(candidates[0]!.values).toEqual({ staging: { tls: 'true' }, production: { tls: 'false' } });
  });

  it('reports ssl-redirect turned off and client-certificate auth in one environment, each at its annotation', () => {
    const candidates = compare(
      [ingress({ annotations: { 'nginx.ingress.kubernetes.io/auth-tls-secret': 'shop/ca', 'nginx.ingress.kubernetes.io/auth-tls-verify-depth': '2' } })],
      [ingress({ annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' } })],
    );
    expect(listed(candidates)).toEqual([
      'MTLS_MISMATCH Ingress/shop metadata.annotations["nginx.ingress.kubernetes.io/auth-tls-secret"]',
      'MTLS_MISMATCH Ingress/shop metadata.annotations["nginx.ingress.kubernetes.io/ssl-redirect"]',
    ]);
  });

  it('treats an explicit default as no change, and a TLS secret name change as ordinary drift', () => {
    const candidates = compare([ingress({})], [ingress({ annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' } , secretName: 'shop-prod-tls' })]);
    expect(listed(candidates)).toEqual([
      'VALUE_DRIFT Ingress/shop metadata.annotations["nginx.ingress.kubernetes.io/ssl-redirect"]',
      'VALUE_DRIFT Ingress/shop spec.tls[0].secretName',
    ]);
  });

  it('reports a Gateway listener terminating in one environment and passing through in the other', () => {
    const gateway = (mode: string): K8sObject => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge' },
      spec: { listeners: [{ name: 'tls', protocol: 'TLS', port: 443, tls: { mode } }] },
    });
    const candidates = compare([gateway('Passthrough')], [gateway('Terminate')]);
    expect(listed(candidates)).toEqual(['MTLS_MISMATCH Gateway/edge spec.listeners[name=tls].tls.mode']);
    expect(candidates[0]!.values).toEqual({ staging: { protocol: 'TLS', tlsMode: 'Passthrough' }, production: { protocol: 'TLS', tlsMode: 'Terminate' } });
  });

  it('reports an Istio Gateway server SIMPLE vs MUTUAL, and a BackendTLSPolicy in one environment only', () => {
    const gateway = (mode: string): K8sObject => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'ingress' },
      spec: { servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode, credentialName: 'shop-tls' } }] },
    });
    const policy: K8sObject = { apiVersion: 'gateway.networking.k8s.io/v1alpha3', kind: 'BackendTLSPolicy', metadata: { name: 'api' }, spec: {} };
    const candidates = compare([gateway('SIMPLE')], [gateway('MUTUAL'), policy]);
    expect(listed(candidates)).toEqual([
      'MTLS_MISMATCH BackendTLSPolicy/api -',
      expect.stringMatching(/^MTLS_MISMATCH Gateway\/ingress spec\.servers\[.*\]\.tls\.mode$/),
    ]);
  });
});
