import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import { exitCodeOf } from '../../src/pipeline/build-result.js';
import type { AuditResult } from '../../src/types.js';
import { describeFinding } from '../support/findings.js';
import { FIXTURES } from '../support/temp-copy.js';

/**
 * Classes of false blocking findings seen on public GitOps repos (fixtures/realworld-classes/,
 * see its README), each next to the real hazard of the same class that must still block. Every
 * fixture is audited with the real Kustomize and its exact findings are asserted.
 */
const NOW = new Date('2026-06-01T00:00:00Z');
const CONTAINER = (name: string) => `spec.template.spec.containers[name=${name}]`;
const AG = CONTAINER('auth-gateway');

interface Case {
  fixture: string;
  exit: 0 | 1;
  blocking: string[];
  /** `rule: finding` for every allowed finding. */
  allowed: string[];
}

const CASES: Case[] = [
  {
    // web: hosts under example.dev and a domain all three environments share name no environment.
    // worker: production's cache and API still point at staging.
    fixture: 'tld-env-name',
    exit: 1,
    blocking: [
      `worker production CROSS_ENV_REFERENCE Deployment/worker ${CONTAINER('worker')}.env[name=API_URL].value`,
      `worker production CROSS_ENV_REFERENCE Deployment/worker ${CONTAINER('worker')}.env[name=CACHE_HOST].value`,
    ],
    allowed: [
      'ingress-hosts: web staging:production VALUE_DRIFT Ingress/web spec.rules[0].host',
      `external-endpoints: worker staging:production VALUE_DRIFT Deployment/worker ${CONTAINER('worker')}.env[name=API_URL].value`,
      `external-endpoints: worker staging:production VALUE_DRIFT Deployment/worker ${CONTAINER('worker')}.env[name=CACHE_HOST].value`,
    ],
  },
  {
    // staging writes out every default the API server fills in; dev and production leave them
    // out. Only production's imagePullPolicy Always on a pinned tag is a real difference.
    fixture: 'explicit-defaults',
    exit: 1,
    blocking: [
      `api staging:production VALUE_DRIFT Deployment/api ${CONTAINER('metrics-sidecar')}.imagePullPolicy`,
    ],
    allowed: [],
  },
  {
    // Node ports, token issuers and key sets, ACME directories and OIDC endpoints differ per
    // environment by design; production's plain-HTTP key set and unverified ACME server do not.
    fixture: 'intended-endpoints',
    exit: 1,
    blocking: [
      `auth-gateway staging:production MTLS_MISMATCH Deployment/auth-gateway ${CONTAINER('auth-gateway')}.env[name=OIDC_JWKS_URL]`,
      'auth-gateway staging:production VALUE_DRIFT ClusterIssuer/letsencrypt spec.acme.skipTLSVerify',
    ],
    allowed: [
      'acme-servers: auth-gateway staging:production VALUE_DRIFT ClusterIssuer/letsencrypt spec.acme.server',
      ...['dev:staging', 'staging:production'].flatMap((pair) => [
        `external-endpoints: auth-gateway ${pair} VALUE_DRIFT Deployment/auth-gateway ${AG}.env[name=OAUTH_AUTHORIZATION_ENDPOINT].value`,
        `external-endpoints: auth-gateway ${pair} VALUE_DRIFT Deployment/auth-gateway ${AG}.env[name=OIDC_JWKS_URL].value`,
        `external-endpoints: auth-gateway ${pair} VALUE_DRIFT Deployment/auth-gateway ${AG}.env[name=OIDC_TOKEN_URL].value`,
        `jwt-issuers: auth-gateway ${pair} VALUE_DRIFT RequestAuthentication/auth-gateway spec.jwtRules[0].issuer`,
        `jwt-issuers: auth-gateway ${pair} VALUE_DRIFT RequestAuthentication/auth-gateway spec.jwtRules[0].jwksUri`,
        `oidc-endpoints: auth-gateway ${pair} VALUE_DRIFT Deployment/auth-gateway ${AG}.env[name=OIDC_ISSUER].value`,
        `service-node-ports: auth-gateway ${pair} VALUE_DRIFT Service/auth-gateway spec.ports[name=http].nodePort`,
      ]),
    ],
  },
  {
    // SOPS metadata and ciphertext differ everywhere by construction; the key sets do not,
    // except production's extra Secret key and its settings missing a key.
    fixture: 'sops-secrets',
    exit: 1,
    blocking: [
      'billing staging:production SECRET_DRIFT ConfigMap/billing-settings data.REPORT_RECIPIENTS',
      'billing staging:production SECRET_DRIFT Secret/billing-credentials data',
    ],
    allowed: [],
  },
  {
    // clusters/<env>/ holds plain manifests, non-manifest YAML and the flux-system
    // kustomization (rendered by Kustomize, its patch applied): production's bootstrap tracks
    // the staging fleet repository.
    fixture: 'flux-clusters',
    exit: 1,
    blocking: [
      'fleet production CROSS_ENV_REFERENCE GitRepository/flux-system spec.url',
      'fleet staging:production VALUE_DRIFT GitRepository/flux-system spec.url',
    ],
    allowed: [],
  },
  {
    // staging labels everything `cluster: staging`, dev and production `environment: <env>`:
    // the environment's own label under two keys. worker's production team label and its
    // Service's extra selector key name no environment and still block.
    fixture: 'env-identity-labels',
    exit: 1,
    blocking: [
      'worker staging:production VALUE_DRIFT Deployment/worker metadata.labels.team',
      'worker staging:production VALUE_DRIFT Service/worker spec.selector.tier',
    ],
    allowed: [],
  },
  {
    // Flux HelmReleases follow a version channel per environment (>=1.0.0-alpha before
    // production, >=1.0.0 in production); redis's production release also installs another
    // chart from another repository.
    fixture: 'helm-chart-versions',
    exit: 1,
    blocking: [
      'redis staging:production VALUE_DRIFT HelmRelease/redis spec.chart.spec.chart',
      'redis staging:production VALUE_DRIFT HelmRelease/redis spec.chart.spec.sourceRef.name',
    ],
    allowed: [
      'helm-chart-versions: podinfo staging:production VALUE_DRIFT HelmRelease/podinfo spec.chart.spec.version',
      'helm-chart-versions: redis staging:production VALUE_DRIFT HelmRelease/redis spec.chart.spec.version',
    ],
  },
  {
    // staging writes out the defaults the Flux CRDs declare (suspend, test.enable, force, wait,
    // remediation, timeout); billing's production sync is suspended and its release runs tests.
    fixture: 'flux-crd-defaults',
    exit: 1,
    blocking: [
      'billing staging:production VALUE_DRIFT HelmRelease/billing spec.test',
      'billing staging:production VALUE_DRIFT Kustomization/billing-config spec.suspend',
    ],
    allowed: [],
  },
  {
    // Every environment renders two shards, each from a folder of its own with its own name
    // prefix (`shard-0-`, `shard-1-`) under the environment's suffix: the shard prefix tells
    // the objects apart and stays in their names; production's shard 1 alone records meetings.
    fixture: 'shard-prefixes',
    exit: 1,
    blocking: [`meet staging:production VALUE_DRIFT Deployment/shard-1-web ${CONTAINER('web')}.env[name=ENABLE_RECORDING].value`],
    allowed: [],
  },
  {
    // Flux Kustomizations patch the ClusterIssuer they apply with inline JSON 6902 patches
    // (YAML strings): each value is judged as the field it sets. The ACME directory per
    // cluster is allowed like the field itself; production's skipTLSVerify still blocks.
    fixture: 'flux-patch-endpoints',
    exit: 1,
    blocking: ['fleet staging:production VALUE_DRIFT ClusterIssuer/letsencrypt spec.acme.skipTLSVerify'],
    allowed: ['acme-servers: fleet staging:production VALUE_DRIFT ClusterIssuer/letsencrypt spec.acme.server'],
  },
  {
    // Production alone runs an Argo CD PostSync hook (a step of its deployment): allowed by
    // sync-hooks. Production's seed Job is no hook: a resource staging never ran, still blocking.
    fixture: 'argocd-hooks',
    exit: 1,
    blocking: ['catalog staging:production RESOURCE_MISSING Job/seed-data -'],
    allowed: ['sync-hooks: catalog staging:production RESOURCE_MISSING Job/post-sync-pipeline metadata.annotations["argocd.argoproj.io/hook"]'],
  },
  {
    // Production alone serves storefront through an Ingress that terminates TLS with a GKE
    // managed certificate; staging serves it in plain HTTP from a LoadBalancer: the edge's TLS
    // posture differs (MTLS_MISMATCH at the certificate annotation), besides the missing
    // resources. admin's production-only Ingress has no certificate: missing, no posture finding.
    fixture: 'edge-tls-one-side',
    exit: 1,
    blocking: [
      'admin staging:production RESOURCE_MISSING Ingress/admin -',
      'storefront staging:production MTLS_MISMATCH Ingress/storefront metadata.annotations["networking.gke.io/managed-certificates"]',
      'storefront staging:production RESOURCE_MISSING Ingress/storefront -',
      'storefront staging:production RESOURCE_MISSING ManagedCertificate/storefront-cert -',
      'storefront staging:production VALUE_DRIFT Service/storefront spec.type',
    ],
    allowed: [],
  },
  {
    // app's settings.ini names its own environment on every line that differs, under a comment
    // listing every environment alike: identical. billing's production skips TLS verification.
    fixture: 'config-file-env-lines',
    exit: 1,
    blocking: ['billing staging:production VALUE_DRIFT ConfigMap/billing-settings data["billing.ini"]'],
    allowed: [],
  },
];

function allowedList(result: AuditResult): string[] {
  return result.findings
    .filter((finding) => finding.allowed && 'rule' in finding.allowed)
    .map((finding) => `${(finding.allowed as { rule: string }).rule}: ${describeFinding(finding)}`)
    .sort();
}

function blockingList(result: AuditResult): string[] {
  return result.findings.filter((finding) => finding.blocking).map(describeFinding).sort();
}

describe.each(CASES)('parity audit on fixtures/realworld-classes/$fixture (real Kustomize)', (expected) => {
  let result: AuditResult;
  beforeAll(async () => {
    result = await audit({ repoDir: join(FIXTURES, 'realworld-classes', expected.fixture), now: NOW });
  });

  it('renders every overlay and exits as the findings say', () => {
    expect(result.errors).toEqual([]);
    expect(exitCodeOf(result)).toBe(expected.exit);
  });

  it('reports exactly the expected blocking and allowed findings', () => {
    expect(blockingList(result)).toEqual([...expected.blocking].sort());
    expect(allowedList(result)).toEqual([...expected.allowed].sort());
    expect(result.findings).toHaveLength(expected.blocking.length + expected.allowed.length);
  });
});

describe('a line of an embedded config file that differs beyond the environment name', () => {
  it('is named alone and cited at its own line inside the block', async () => {
    const result = await audit({ repoDir: join(FIXTURES, 'realworld-classes', 'config-file-env-lines'), now: NOW });
    const [finding] = result.findings.filter((f) => f.blocking);
    expect(finding?.message).toBe('`data["billing.ini"]` differs by line: only in staging: "tls_verify = true"; only in production: "tls_verify = false".');
    expect(finding?.source).toEqual({ file: 'apps/billing/production/settings.yaml', line: 12 });
  });
});

describe('values inside a Flux Kustomization patch', () => {
  it('cite the patch string they come from at its line', async () => {
    const result = await audit({ repoDir: join(FIXTURES, 'realworld-classes', 'flux-patch-endpoints'), now: NOW });
    const blocking = result.findings.find((finding) => finding.blocking);
    expect(blocking?.values).toEqual({ staging: false, production: true });
    expect(blocking?.deciding).toEqual([
      {
        resource: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', name: 'infra-configs' },
        path: 'spec.patches[1].patch',
        source: { file: 'clusters/production/infrastructure.yaml', line: 22 },
      },
    ]);
  });
});

describe('an Ingress terminating TLS in one environment only', () => {
  it('is cited at the field that gives it its certificate', async () => {
    const result = await audit({ repoDir: join(FIXTURES, 'realworld-classes', 'edge-tls-one-side'), now: NOW });
    const posture = result.findings.find((finding) => finding.code === 'MTLS_MISMATCH');
    expect(posture?.source).toEqual({ file: 'apps/storefront/overlays/production/ingress.yaml', line: 8 });
    expect(posture?.values).toEqual({ production: { tls: 'true' }, staging: { tls: 'none' } });
  });
});

describe('a value one environment alone sets, through a component', () => {
  it('is cited at the line that sets it, not at the container the other environment patches', async () => {
    const result = await audit({ repoDir: join(FIXTURES, 'realworld-classes', 'component-value-one-side'), now: NOW });
    expect(result.findings.map(describeFinding)).toEqual(['web staging:production VALUE_DRIFT Deployment/web spec.template.spec.containers[name=web].livenessProbe']);
    expect(result.findings[0]?.source).toEqual({ file: 'apps/web/variants/prod/prod.yaml', line: 10 });
  });
});

describe('SOPS-encrypted manifests', () => {
  it('never show ciphertext or SOPS metadata, and name the keys one side alone holds', async () => {
    const result = await audit({ repoDir: join(FIXTURES, 'realworld-classes', 'sops-secrets'), now: NOW });
    const json = JSON.stringify(result);
    expect(json).not.toContain('ENC[');
    expect(json).not.toContain('BEGIN AGE');
    const drift = result.findings.filter((finding) => finding.code === 'SECRET_DRIFT');
    expect(drift.map((finding) => finding.values)).toEqual([
      { staging: '<redacted>' },
      { staging: '<redacted>', production: '<redacted>' },
    ]);
    expect(drift.map((finding) => finding.message)).toEqual([
      expect.stringContaining('data.REPORT_RECIPIENTS only in staging'),
      expect.stringContaining('WEBHOOK_SIGNING_SECRET only in production'),
    ]);
  });
});

describe('values reused across environments that are not credentials', () => {
  it('warn only for the credentials both environments share, saying why each is one', async () => {
    const result = await audit({ repoDir: join(FIXTURES, 'realworld-classes', 'secret-reuse'), now: NOW });
    expect(result.errors).toEqual([]);
    expect(exitCodeOf(result)).toBe(0);
    expect(result.findings.map(describeFinding).sort()).toEqual([
      'relay staging:production SECRET_REUSED Secret/relay-config data.JICOFO_AUTH_PASSWORD',
      'relay staging:production SECRET_REUSED Secret/relay-db data.DB_PASSWORD',
    ]);
    expect(result.findings.every((finding) => finding.severity === 'warning' && !finding.blocking)).toBe(true);
    expect(result.findings.map((finding) => finding.message)).toEqual([
      expect.stringContaining('the name JICOFO_AUTH_PASSWORD says it holds a password'),
      expect.stringContaining('the name DB_PASSWORD says it holds a password'),
    ]);
  });
});
