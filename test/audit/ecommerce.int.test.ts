import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import type { AuditResult } from '../../src/types.js';
import { allowedBy, blocking, describeFinding } from '../support/findings.js';
import { FIXTURES, copyFixture } from '../support/temp-copy.js';

const REPO = join(FIXTURES, 'ecommerce-infra');
const NOW = new Date('2026-06-01T00:00:00Z');
const DEPLOY_CONTAINER = (service: string) => `spec.template.spec.containers[name=${service}]`;

describe('parity audit on fixtures/ecommerce-infra (real Kustomize)', () => {
  let result: AuditResult;
  beforeAll(async () => {
    result = await audit({ repoDir: REPO, now: NOW });
  });

  it('reports exactly the drift the sample carries, and nothing else blocks', () => {
    expect(blocking(result)).toEqual(
      [
        'catalog-service staging:production RESOURCE_MISSING NetworkPolicy/catalog-service-ingress -',
        'frontend-shell staging:production IMAGE_MISMATCH Deployment/frontend-shell spec.template.spec.containers[name=frontend-shell].image',
        'frontend-shell staging:production VALUE_DRIFT ConfigMap/frontend-shell-config data.FEATURE_CHECKOUT_V2',
        `inventory-service dev:staging VALUE_DRIFT Deployment/inventory-service ${DEPLOY_CONTAINER('inventory-service')}.env[name=DEBUG]`,
        `inventory-service staging:production VALUE_DRIFT Deployment/inventory-service ${DEPLOY_CONTAINER('inventory-service')}.env[name=DEBUG]`,
        `payments-service staging:production MTLS_MISMATCH Deployment/payments-service ${DEPLOY_CONTAINER('payments-service')}.env[name=PROCESSOR_URL]`,
      ].sort(),
    );
    expect(result.errors).toEqual([]);
  });

  it('records the renderer, services, pairs and summary as the contract says', () => {
    expect(result.schemaVersion).toBe(1);
    expect(result.renderer?.path).toMatch(/^\//);
    expect(result.renderer?.version).toMatch(/^v\d+\.\d+\.\d+/);
    expect(result.services.map((service) => service.name)).toEqual([
      'catalog-service',
      'checkout-service',
      'frontend-shell',
      'inventory-service',
      'payments-service',
    ]);
    expect(result.pairs).toEqual([
      ['dev', 'staging'],
      ['staging', 'production'],
    ]);
    expect(result.summary).toMatchObject({ services: 5, renders: 15, blocking: 6 });
    expect(result.summary.findings).toBe(result.findings.length);
  });

  it('lets the payments endpoint differ while the TLS posture blocks', () => {
    expect(allowedBy(result, 'external-endpoints')).toContain(
      `payments-service staging:production VALUE_DRIFT Deployment/payments-service ${DEPLOY_CONTAINER('payments-service')}.env[name=PROCESSOR_URL].value`,
    );
    const mtls = result.findings.find((finding) => finding.code === 'MTLS_MISMATCH')!;
    expect(mtls.values).toEqual({
      staging: expect.stringContaining('no client certificate'),
      production: expect.stringContaining('client certificate (secret processor-client-tls)'),
    });
    expect(mtls.source?.file).toBe('apps/payments-service/overlays/production/patch-mtls.yaml');
    expect(mtls.source?.line).toBeGreaterThan(1);
  });

  it('passes checkout-service, whose differences are all allowed', () => {
    const checkout = result.findings.filter((finding) => finding.service === 'checkout-service');
    expect(checkout.length).toBeGreaterThan(0);
    expect(checkout.every((finding) => finding.allowed !== null && !finding.blocking)).toBe(true);
    const rules = new Set(checkout.map((finding) => (finding.allowed as { rule: string }).rule));
    expect([...rules].sort()).toEqual(['external-endpoints', 'hpa-bounds', 'image-tags', 'replicas', 'resources']);
  });

  it('never reports generated ConfigMaps or Secrets as missing because of their hash suffix', () => {
    const missing = result.findings.filter((finding) => finding.code === 'RESOURCE_MISSING').map(describeFinding);
    expect(missing).toEqual(['catalog-service staging:production RESOURCE_MISSING NetworkPolicy/catalog-service-ingress -']);
  });

  it('treats values that differ only by the environment token as equal', () => {
    const databaseUrl = result.findings.filter((finding) => finding.path?.includes('DATABASE_URL'));
    expect(databaseUrl).toEqual([]);
  });

  it('never lets a secret value out', () => {
    const json = JSON.stringify(result);
    expect(json).not.toContain('Qe8rJ5uY1bzo');
  });

  it('gives every finding a stable id and a source in the repo', () => {
    for (const finding of result.findings) {
      expect(finding.id).toMatch(/^[0-9a-f]{16}$/);
      if (finding.service !== '*') expect(finding.source?.file).toMatch(/^(apps|policies)\//);
    }
    expect(new Set(result.findings.map((finding) => finding.id)).size).toBe(result.findings.length);
  });
});

describe('policy-declared mTLS endpoints', () => {
  let copy: Awaited<ReturnType<typeof copyFixture>>;
  beforeAll(async () => {
    copy = await copyFixture('ecommerce-infra');
  });
  afterAll(() => copy.cleanup());

  it('reports MTLS_REQUIRED when production calls the mTLS-only processor without a certificate', async () => {
    // Keep the live endpoint, drop the client certificate (env, mount and volume).
    const file = join(copy.dir, 'apps/payments-service/overlays/production/patch-mtls.yaml');
    const text = await readFile(file, 'utf8');
    const withoutCert = text.slice(0, text.indexOf('            - name: PROCESSOR_CLIENT_CERT'));
    expect(withoutCert).toContain('https://api.processor.example');
    await writeFile(file, withoutCert);
    const result = await audit({ repoDir: copy.dir, services: ['payments-service'], now: NOW });
    const required = result.findings.filter((finding) => finding.code === 'MTLS_REQUIRED');
    expect(required.map(describeFinding)).toEqual([
      `payments-service production MTLS_REQUIRED Deployment/payments-service ${DEPLOY_CONTAINER('payments-service')}.env[name=PROCESSOR_URL]`,
    ]);
    expect(required[0]!.blocking).toBe(true);
    // With the certificate gone on both sides, the posture no longer differs.
    expect(result.findings.filter((finding) => finding.code === 'MTLS_MISMATCH')).toEqual([]);
  });
});

describe('parity audit --argocd (services from the Argo CD Applications)', () => {
  it('finds the same services and overlays, and flags selfHeal turned off in production', async () => {
    const result = await audit({ repoDir: REPO, argocd: 'argocd', now: NOW });
    expect(result.services.map((service) => service.name)).toHaveLength(5);
    expect(result.summary.renders).toBe(15);
    const application = result.findings.filter((finding) => finding.resource?.kind === 'Application');
    expect(application.map(describeFinding)).toEqual([
      'catalog-service staging:production VALUE_DRIFT Application/catalog-service spec.syncPolicy.automated.selfHeal',
    ]);
    expect(application[0]).toMatchObject({
      blocking: true,
      values: { staging: true, production: false },
      source: { file: 'argocd/production/catalog-service.yaml', line: 22 },
    });
    expect(blocking(result)).toHaveLength(7);
  });

  it('fails closed on an unknown service', async () => {
    await expect(audit({ repoDir: REPO, argocd: 'argocd', services: ['billing'], now: NOW })).rejects.toThrow(
      /no Argo CD Application in argocd deploys service 'billing'/,
    );
  });
});

describe('namespace-wide sidecar injection', () => {
  let copy: Awaited<ReturnType<typeof copyFixture>>;
  beforeAll(async () => {
    copy = await copyFixture('ecommerce-infra');
  });
  afterAll(() => copy.cleanup());

  it('is one MTLS_MISMATCH at the Namespace label that decides it, citing the line that sets it', async () => {
    for (const [env, injection] of [['staging', 'disabled'], ['production', 'enabled']] as const) {
      const overlay = join(copy.dir, `apps/payments-service/overlays/${env}`);
      await writeFile(
        join(overlay, 'namespace.yaml'),
        `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ecommerce-${env}\n  labels:\n    istio-injection: ${injection}\n`,
      );
      const file = join(overlay, 'kustomization.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('  - ../../base\n', '  - ../../base\n  - namespace.yaml\n'));
    }
    const result = await audit({ repoDir: copy.dir, services: ['payments-service'], envs: ['staging', 'production'], now: NOW });
    const namespaced = result.findings.filter((finding) => finding.resource?.kind === 'Namespace');
    expect(namespaced.map(describeFinding)).toEqual([
      'payments-service staging:production MTLS_MISMATCH Namespace/ecommerce-production metadata.labels.istio-injection',
    ]);
    expect(namespaced[0]!.values).toEqual({ staging: 'disabled', production: 'enabled' });
    expect(namespaced[0]!.source).toEqual({ file: 'apps/payments-service/overlays/production/namespace.yaml', line: 6 });
    expect(namespaced[0]!.message).toContain('Deployment/payments-service');
    expect(namespaced[0]!.blocking).toBe(true);
    // The workload's inbound posture is decided by the same label: no second finding for it.
    expect(result.findings.filter((finding) => finding.code === 'MTLS_MISMATCH' && finding.path === null)).toEqual([]);
  });
});
