import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import { exitCodeOf } from '../../src/pipeline/build-result.js';
import { formatHuman } from '../../src/report/human.js';
import type { AuditResult, Finding } from '../../src/types.js';
import { blocking, describeFinding } from '../support/findings.js';
import { FIXTURES, copyFixture } from '../support/temp-copy.js';

/**
 * Small trees in the layouts of public Kustomize repos (fixtures/corpus-like/, see its
 * README): each is audited with the real Kustomize, and the exact findings are asserted.
 */
const NOW = new Date('2026-06-01T00:00:00Z');
const CONTAINER = (name: string) => `spec.template.spec.containers[name=${name}]`;
const INVOICES = CONTAINER('webserver-simple');

interface Case {
  fixture: string;
  exit: 0 | 1;
  services: Array<{ name: string; envs: string[] }>;
  pairs: Array<[string, string]>;
  blocking: string[];
  /** `rule: finding` for every allowed finding. */
  allowed: string[];
  /** `code resource path → file:line` for findings whose source is asserted. */
  sources?: string[];
}

const CASES: Case[] = [
  {
    // Only the namespace, the Namespace object and the environment label differ: all by construction.
    fixture: 'podinfo',
    exit: 0,
    services: [{ name: 'podinfo', envs: ['dev', 'staging', 'production'] }],
    pairs: [['dev', 'staging'], ['staging', 'production']],
    blocking: [],
    allowed: [],
  },
  {
    fixture: 'ldap',
    exit: 1,
    services: [{ name: 'ldap', envs: ['staging', 'production'] }],
    pairs: [['staging', 'production']],
    blocking: [
      'ldap staging:production RESOURCE_MISSING ConfigMap/env-config -',
      'ldap staging:production VALUE_DRIFT Deployment/ldap spec.template.spec.volumes[name=ldap-data].emptyDir',
      'ldap staging:production VALUE_DRIFT Deployment/ldap spec.template.spec.volumes[name=ldap-data].gcePersistentDisk',
    ],
    allowed: ['replicas: ldap staging:production VALUE_DRIFT Deployment/ldap spec.replicas'],
    sources: [
      'RESOURCE_MISSING ConfigMap/env-config - → overlays/staging/kustomization.yaml:7',
      // Production removes the emptyDir (`emptyDir: null`) and adds the disk in its patch.
      'VALUE_DRIFT Deployment/ldap spec.template.spec.volumes[name=ldap-data].emptyDir → overlays/production/deployment.yaml:11',
      'VALUE_DRIFT Deployment/ldap spec.template.spec.volumes[name=ldap-data].gcePersistentDisk → overlays/production/deployment.yaml:12',
      'VALUE_DRIFT Deployment/ldap spec.replicas → overlays/production/deployment.yaml:6',
    ],
  },
  {
    fixture: 'springboot',
    exit: 1,
    services: [{ name: 'springboot', envs: ['staging', 'production'] }],
    pairs: [['staging', 'production']],
    blocking: [
      'springboot staging:production VALUE_DRIFT ConfigMap/demo-configmap data.foo',
      'springboot staging:production VALUE_DRIFT ConfigMap/demo-configmap data.staging',
      'springboot staging:production VALUE_DRIFT ConfigMap/demo-configmap data["application.properties"]',
      `springboot staging:production VALUE_DRIFT Deployment/sbdemo ${CONTAINER('sbdemo')}.env`,
      `springboot staging:production VALUE_DRIFT Deployment/sbdemo ${CONTAINER('sbdemo')}.livenessProbe`,
      `springboot staging:production VALUE_DRIFT Deployment/sbdemo ${CONTAINER('sbdemo')}.readinessProbe`,
    ],
    allowed: [
      'replicas: springboot staging:production VALUE_DRIFT Deployment/sbdemo spec.replicas',
      `resources: springboot staging:production VALUE_DRIFT Deployment/sbdemo ${CONTAINER('sbdemo')}.resources`,
    ],
    sources: [
      'VALUE_DRIFT ConfigMap/demo-configmap data.foo → overlays/staging/kustomization.yaml:10',
      'VALUE_DRIFT ConfigMap/demo-configmap data.staging → overlays/staging/staging.env:1',
      // The first line production alone has beyond its name (app.name and the datasource URL
      // differ only by it): server.tomcat.max-threads, inside the block.
      'VALUE_DRIFT ConfigMap/demo-configmap data["application.properties"] → overlays/production/patch.yaml:12',
      `VALUE_DRIFT Deployment/sbdemo ${CONTAINER('sbdemo')}.env → overlays/production/memorylimit_patch.yaml:16`,
      `VALUE_DRIFT Deployment/sbdemo ${CONTAINER('sbdemo')}.livenessProbe → overlays/production/healthcheck_patch.yaml:11`,
      `VALUE_DRIFT Deployment/sbdemo ${CONTAINER('sbdemo')}.readinessProbe → overlays/production/healthcheck_patch.yaml:17`,
    ],
  },
  {
    // A namePrefix per environment (dev-, staging-, prod-) over one Pod: nothing differs.
    fixture: 'multibases',
    exit: 0,
    services: [{ name: 'myapp', envs: ['dev', 'staging', 'production'] }],
    pairs: [['dev', 'staging'], ['staging', 'production']],
    blocking: [],
    allowed: [],
  },
  {
    fixture: 'many-appsets',
    exit: 1,
    services: [
      { name: 'billing', envs: ['prod-us', 'prod-eu'] },
      { name: 'fake-invoices', envs: ['qa'] },
      { name: 'invoices', envs: ['qa', 'staging', 'prod-us', 'prod-eu'] },
    ],
    pairs: [['qa', 'staging'], ['staging', 'prod-us'], ['prod-us', 'prod-eu']],
    blocking: [
      `invoices qa:staging VALUE_DRIFT Deployment/simple-deployment ${INVOICES}.env[name=CACHE_SIZE].value`,
      `invoices qa:staging VALUE_DRIFT Deployment/simple-deployment ${INVOICES}.env[name=ENV].value`,
      `invoices qa:staging VALUE_DRIFT Deployment/simple-deployment ${INVOICES}.env[name=N_BUCKETS].value`,
      `invoices staging:prod-us VALUE_DRIFT Deployment/simple-deployment ${INVOICES}.env[name=ENV].value`,
      `invoices staging:prod-us VALUE_DRIFT Deployment/simple-deployment ${INVOICES}.env[name=N_BUCKETS].value`,
      `invoices staging:prod-us VALUE_DRIFT Deployment/simple-deployment ${INVOICES}.env[name=UI_THEME].value`,
    ],
    allowed: [
      `image-tags: billing prod-us:prod-eu VALUE_DRIFT Deployment/simple-deployment ${INVOICES}.image`,
      'replicas: billing prod-us:prod-eu VALUE_DRIFT Deployment/simple-deployment spec.replicas',
      `image-tags: invoices qa:staging VALUE_DRIFT Deployment/simple-deployment ${INVOICES}.image`,
      'replicas: invoices qa:staging VALUE_DRIFT Deployment/simple-deployment spec.replicas',
      'replicas: invoices staging:prod-us VALUE_DRIFT Deployment/simple-deployment spec.replicas',
      `image-tags: invoices prod-us:prod-eu VALUE_DRIFT Deployment/simple-deployment ${INVOICES}.image`,
      'replicas: invoices prod-us:prod-eu VALUE_DRIFT Deployment/simple-deployment spec.replicas',
    ],
    sources: [
      `VALUE_DRIFT Deployment/simple-deployment ${INVOICES}.env[name=CACHE_SIZE].value → apps/invoices/envs/staging/settings.yml:15`,
      `VALUE_DRIFT Deployment/simple-deployment ${INVOICES}.env[name=UI_THEME].value → apps/invoices/envs/prod-us/settings.yml:13`,
    ],
  },
];

function allowedList(result: AuditResult): string[] {
  return result.findings
    .filter((finding) => finding.allowed && 'rule' in finding.allowed)
    .map((finding) => `${(finding.allowed as { rule: string }).rule}: ${describeFinding(finding)}`)
    .sort();
}

function sourceOf(finding: Finding): string {
  const what = `${finding.code} ${finding.resource ? `${finding.resource.kind}/${finding.resource.name}` : '-'} ${finding.path ?? '-'}`;
  return `${what} → ${finding.source?.file}:${finding.source?.line}`;
}

describe.each(CASES)('parity audit on fixtures/corpus-like/$fixture (real Kustomize)', (expected) => {
  let result: AuditResult;
  beforeAll(async () => {
    result = await audit({ repoDir: join(FIXTURES, 'corpus-like', expected.fixture), now: NOW });
  });

  it('renders every overlay and exits as the findings say', () => {
    expect(result.errors).toEqual([]);
    expect(result.summary.renders).toBe(expected.services.reduce((sum, service) => sum + service.envs.length, 0));
    expect(exitCodeOf(result)).toBe(expected.exit);
  });

  it('finds the services, their environments and the pairs in promotion order', () => {
    expect(result.services).toEqual(expected.services);
    expect(result.pairs).toEqual(expected.pairs);
  });

  it('reports exactly the expected blocking and allowed differences', () => {
    expect(blocking(result)).toEqual([...expected.blocking].sort());
    expect(allowedList(result)).toEqual([...expected.allowed].sort());
    expect(result.findings).toHaveLength(expected.blocking.length + expected.allowed.length);
  });

  it('matches every resource across environments: no RESOURCE_MISSING but the expected', () => {
    const missing = result.findings.filter((finding) => finding.code === 'RESOURCE_MISSING').map(describeFinding);
    expect(missing).toEqual(expected.blocking.filter((line) => line.includes(' RESOURCE_MISSING ')));
  });

  // Only cases that record their sources get this test (none is registered, none skipped, for the others).
  if (expected.sources) {
    it('points each finding at the overlay file that introduces the value', () => {
      const sources = result.findings.map(sourceOf);
      for (const source of expected.sources ?? []) expect(sources).toContain(source);
    });
  }
});

describe('corpus-like details', () => {
  const results = new Map<string, AuditResult>();
  const run = async (fixture: string): Promise<AuditResult> => {
    if (!results.has(fixture)) results.set(fixture, await audit({ repoDir: join(FIXTURES, 'corpus-like', fixture), now: NOW }));
    return results.get(fixture)!;
  };

  it('never shows a credential from a generated ConfigMap or an embedded properties file', async () => {
    const json = JSON.stringify([await run('ldap'), await run('springboot')]);
    expect(json).not.toContain('somepw');
    expect(json).not.toMatch(/password=admin/);
    expect(json).toContain('spring.datasource.password=<redacted>');
  });

  it('says in the human report that a service alone in one environment had nothing to compare', async () => {
    const text = formatHuman(await run('many-appsets'));
    expect(text).toContain('pairs: qa → staging, staging → prod-us, prod-us → prod-eu');
    expect(text).toContain('fake-invoices  only in qa: nothing to compare');
    expect(text).not.toContain('identical across qa');
  });

  it('compares values naming their own environment as equal: env label, DSN per region, bucket per stage', async () => {
    const podinfo = await run('podinfo');
    expect(podinfo.findings).toEqual([]);
    const appsets = await run('many-appsets');
    const named = appsets.findings.filter((finding) => /DATABASE_URL|REPORTS_BUCKET/.test(finding.path ?? ''));
    expect(named.map(describeFinding)).toEqual([]);
    expect(appsets.findings.filter((finding) => finding.code === 'CROSS_ENV_REFERENCE')).toEqual([]);
  });
});

describe('cross-environment references between regions', () => {
  let copy: Awaited<ReturnType<typeof copyFixture>>;
  beforeAll(async () => {
    copy = await copyFixture('corpus-like/many-appsets');
  });
  afterAll(() => copy.cleanup());

  it('reports prod-eu pointing at the prod-us database, and nothing for prod-eu’s own', async () => {
    const file = join(copy.dir, 'apps/invoices/envs/prod-eu/deployment.yml');
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      `${text}        - name: FAILOVER_DATABASE_URL\n          value: "postgres://db.prod-us.internal:5432/invoices"\n`,
    );
    const result = await audit({ repoDir: copy.dir, services: ['invoices'], now: NOW });
    const references = result.findings.filter((finding) => finding.code === 'CROSS_ENV_REFERENCE');
    expect(references.map(describeFinding)).toEqual([
      `invoices prod-eu CROSS_ENV_REFERENCE Deployment/simple-deployment ${INVOICES}.env[name=FAILOVER_DATABASE_URL].value`,
    ]);
    expect(references[0]!.blocking).toBe(true);
    expect(references[0]!.source?.file).toBe('apps/invoices/envs/prod-eu/deployment.yml');
  });
});
