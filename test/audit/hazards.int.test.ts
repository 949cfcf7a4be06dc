import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import { exitCodeOf } from '../../src/pipeline/build-result.js';
import type { AuditResult, Finding } from '../../src/types.js';
import { describeFinding } from '../support/findings.js';
import { FIXTURES } from '../support/temp-copy.js';

/**
 * Classes of real hazards (fixtures/hazards/, see its README), each audited with the real
 * Kustomize: every finding is listed with its source, blocking (`B`) or allowed by a rule.
 */
const NOW = new Date('2026-06-01T00:00:00Z');
const POD = 'spec.template.spec';

function line(finding: Finding): string {
  const verdict = finding.blocking ? 'B' : finding.allowed && 'rule' in finding.allowed ? `allowed:${finding.allowed.rule}` : '-';
  const source = finding.source ? `${finding.source.file}:${finding.source.line}` : '-';
  return `${verdict} ${describeFinding(finding)} → ${source}`;
}

const CASES: Array<{ fixture: string; findings: string[] }> = [
  {
    fixture: 'namespace-injection',
    findings: [
      'B catalog staging:production MTLS_MISMATCH Namespace/apps metadata.labels.istio-injection → apps/catalog/overlays/staging/namespace.yaml:7',
      'B orders staging:production MTLS_MISMATCH Namespace/shop-production metadata.labels["pod-security.kubernetes.io/enforce"] → apps/orders/overlays/production/namespace.yaml:6',
    ],
  },
  {
    fixture: 'image-env-tags',
    findings: [
      `allowed:image-tags api dev:test VALUE_DRIFT Deployment/api ${POD}.containers[name=worker].image → apps/api/overlays/test/kustomization.yaml:7`,
      `B api test CROSS_ENV_REFERENCE Deployment/api ${POD}.containers[name=api].image → apps/api/overlays/test/kustomization.yaml:5`,
      `allowed:image-tags api test:production VALUE_DRIFT Deployment/api ${POD}.containers[name=api].image → apps/api/overlays/production/kustomization.yaml:5`,
      `allowed:image-tags api test:production VALUE_DRIFT Deployment/api ${POD}.containers[name=worker].image → apps/api/overlays/production/kustomization.yaml:7`,
    ],
  },
  {
    fixture: 'posture-source',
    findings: [
      'B payments dev:staging MTLS_MISMATCH PeerAuthentication/default spec.mtls.mode → apps/payments/overlays/staging/istio/kustomization.yaml:10',
      'B payments staging:production MTLS_MISMATCH PeerAuthentication/default spec.mtls.mode → apps/payments/overlays/staging/istio/kustomization.yaml:10',
      'B payments staging:production MTLS_MISMATCH Deployment/ledger spec.template.metadata.annotations["sidecar.istio.io/inject"] → apps/payments/overlays/production/patch-ledger.yaml:9',
    ],
  },
  {
    fixture: 'client-cert',
    findings: [
      `allowed:workload-wiring reports staging:production VALUE_DRIFT Deployment/reports ${POD}.containers[name=reports].env[name=LOG_LEVEL].value → apps/reports/overlays/production/patch-client-cert.yaml:12`,
      `B reports staging:production MTLS_MISMATCH Deployment/reports ${POD}.containers[name=reports].volumeMounts[mountPath=/etc/client-cert] → apps/reports/overlays/production/patch-client-cert.yaml:18`,
    ],
  },
  {
    fixture: 'edge-tls',
    findings: [
      'allowed:ingress-hosts storefront dev:staging VALUE_DRIFT Ingress/storefront spec.tls[0].secretName → apps/storefront/overlays/dev/kustomization.yaml:10',
      'B storefront staging:production MTLS_MISMATCH BackendTLSPolicy/storefront-api - → apps/storefront/overlays/production/backend-tls-policy.yaml:4',
      'B storefront staging:production MTLS_MISMATCH Gateway/edge spec.listeners[name=tls].tls.mode → apps/storefront/overlays/production/patch-gateway-api.yaml:11',
      'B storefront staging:production MTLS_MISMATCH Gateway/mesh-ingress spec.servers[0].tls.mode → apps/storefront/overlays/production/patch-istio-gateway.yaml:13',
      'B storefront staging:production MTLS_MISMATCH Ingress/storefront metadata.annotations["nginx.ingress.kubernetes.io/auth-tls-secret"] → apps/storefront/overlays/production/patch-ingress.yaml:7',
      'allowed:ingress-annotations storefront staging:production VALUE_DRIFT Ingress/storefront metadata.annotations["nginx.ingress.kubernetes.io/proxy-body-size"] → apps/storefront/overlays/production/patch-ingress.yaml:9',
      'B storefront staging:production MTLS_MISMATCH Ingress/storefront metadata.annotations["nginx.ingress.kubernetes.io/ssl-redirect"] → apps/storefront/overlays/production/patch-ingress.yaml:6',
      'B storefront staging:production MTLS_MISMATCH Ingress/storefront spec.tls → apps/storefront/overlays/production/kustomization.yaml:12',
    ],
  },
];

const results = new Map<string, Promise<AuditResult>>();
function run(fixture: string): Promise<AuditResult> {
  if (!results.has(fixture)) results.set(fixture, audit({ repoDir: join(FIXTURES, 'hazards', fixture), now: NOW }));
  return results.get(fixture)!;
}

describe.each(CASES)('parity audit on fixtures/hazards/$fixture (real Kustomize)', ({ fixture, findings }) => {
  let result: AuditResult;
  beforeAll(async () => {
    result = await run(fixture);
  });

  it('reports exactly the expected findings, each at its source, and blocks', () => {
    expect(result.errors).toEqual([]);
    expect(result.findings.map(line).sort()).toEqual([...findings].sort());
    expect(exitCodeOf(result)).toBe(1);
  });
});

describe('what the hazard findings say', () => {
  const find = async (fixture: string, code: string, path: string) =>
    (await run(fixture)).findings.find((f) => f.code === code && f.path === path)!;

  it('names the workloads a Namespace label turns the sidecar off for, the absent side left out', async () => {
    const finding = await find('namespace-injection', 'MTLS_MISMATCH', 'metadata.labels.istio-injection');
    expect(finding.values).toEqual({ staging: 'enabled' });
    expect(finding.message).toBe(
      'Namespace apps sets istio-injection to "enabled" in staging and nothing in production: Istio sidecar injection of its pods differs (Deployment/catalog).',
    );
  });

  it('keeps the workloads a PeerAuthentication mode decides in one finding, the posture per environment in values', async () => {
    const [devStaging] = (await run('posture-source')).findings.filter((f) => f.path === 'spec.mtls.mode');
    expect(devStaging!.values).toEqual({ dev: 'mtls STRICT', staging: 'mtls PERMISSIVE' });
    expect(devStaging!.message).toBe(
      'Inbound mTLS posture of Deployment/ledger, Deployment/payments differs between dev and staging: dev "mtls STRICT" vs staging "mtls PERMISSIVE"; decided by `spec.mtls.mode` of PeerAuthentication default.',
    );
  });

  it('lists the volume and the cert env vars of a client certificate as further deciding fields, with their lines', async () => {
    const finding = await find('client-cert', 'MTLS_MISMATCH', `${POD}.containers[name=reports].volumeMounts[mountPath=/etc/client-cert]`);
    const file = 'apps/reports/overlays/production/patch-client-cert.yaml';
    expect(finding.deciding).toEqual([
      { resource: finding.resource, path: `${POD}.volumes[name=client-cert]`, source: { file, line: 22 } },
      { resource: finding.resource, path: `${POD}.containers[name=reports].env[name=CLIENT_CERT_FILE]`, source: { file, line: 13 } },
      { resource: finding.resource, path: `${POD}.containers[name=reports].env[name=CLIENT_KEY_PATH]`, source: { file, line: 15 } },
    ]);
  });

  it('describes edge TLS per environment as structured values, never allowed by a broad annotation rule', async () => {
    const finding = await find('edge-tls', 'MTLS_MISMATCH', 'metadata.annotations["nginx.ingress.kubernetes.io/ssl-redirect"]');
    expect(finding.values).toEqual({ staging: { sslRedirect: 'true' }, production: { sslRedirect: 'false' } });
    expect(finding.allowed).toBeNull();
  });
});
