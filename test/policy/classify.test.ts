import { describe, expect, it } from 'vitest';
import { parsePath } from '../../src/diff/path.js';
import { classify, type ClassifyContext } from '../../src/policy/classify.js';
import { findingId } from '../../src/policy/finding-id.js';
import { DEFAULT_POLICY_LABEL, loadPolicy } from '../../src/policy/load-policy.js';
import type { Candidate, FindingCode, ParityConfig, Policy } from '../../src/types.js';
import type { FindingArgs } from '../../src/finding-args.js';
import { formatMessage } from '../../src/report/messages.js';
import { wordFinding } from '../../src/report/word-finding.js';
import { makeRepo } from '../discover/helpers.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const context = (overrides: Partial<ClassifyContext> = {}): ClassifyContext => ({
  now: NOW,
  failOn: 'error',
  audited: { services: ['payments', 'web'], pairs: [['dev', 'staging'], ['staging', 'production']] },
  ...overrides,
});

interface CandidateSpec {
  code?: FindingCode;
  service?: string;
  envs?: string[];
  kind?: string;
  name?: string;
  path?: string | null;
  values?: Record<string, unknown>;
}

function candidate(spec: CandidateSpec = {}): Candidate {
  const path = spec.path === undefined ? 'spec.replicas' : spec.path;
  const envs = spec.envs ?? ['staging', 'production'];
  return {
    // Classification reads no argument: any code goes with empty ones here.
    ...({ code: spec.code ?? 'VALUE_DRIFT', args: {} } as FindingArgs),
    service: spec.service ?? 'payments',
    envs,
    resource: { apiVersion: 'apps/v1', kind: spec.kind ?? 'Deployment', name: spec.name ?? 'payments' },
    path,
    segments: path === null ? [] : parsePath(path),
    values: spec.values ?? { [envs[0]!]: 1, [envs[1]!]: 3 },
  };
}

const config: ParityConfig = {
  file: null,
  environments: ['dev', 'staging', 'production'],
  layout: 'apps/{service}/overlays/{env}',
  services: [],
  policies: ['policies'],
  defaultPolicy: true,
};

const header = 'apiVersion: parity.dev/v1alpha1\nkind: ParityPolicy\nmetadata: {name: team}\nspec:\n';

/** The shipped default plus a repo policy file with `body` under spec. */
async function policyWith(body = '', defaultPolicy = true): Promise<Policy> {
  const repo = await makeRepo({ 'policies/team.yaml': `${header}${body || '  {}\n'}` });
  return loadPolicy(repo, { ...config, defaultPolicy });
}

const only = (policy: Policy, candidates: Candidate[], ctx = context()) =>
  classify(candidates, policy, ctx).filter((f) => f.code !== 'ALLOW_STALE' && f.code !== 'WAIVER_EXPIRED');

describe('classify with the shipped default policy', () => {
  const cases: Array<[string, CandidateSpec, string | null]> = [
    ['replicas of a Deployment', {}, 'replicas'],
    ['replicas of a Service (kind not covered)', { kind: 'Service' }, null],
    ['container resources, deep', { path: 'spec.template.spec.containers[name=app].resources.limits.cpu' }, 'resources'],
    ['CronJob container resources', { kind: 'CronJob', path: 'spec.jobTemplate.spec.template.spec.containers[name=a].resources' }, 'resources'],
    ['LimitRange spec', { kind: 'LimitRange', path: 'spec.limits[0].default.cpu' }, 'resource-quotas'],
    ['HPA maxReplicas', { kind: 'HorizontalPodAutoscaler', path: 'spec.maxReplicas' }, 'hpa-bounds'],
    ['HPA scaleTargetRef (not covered)', { kind: 'HorizontalPodAutoscaler', path: 'spec.scaleTargetRef.name' }, null],
    ['PDB minAvailable', { kind: 'PodDisruptionBudget', path: 'spec.minAvailable' }, 'pdb-numbers'],
    ['image tag', { path: 'spec.template.spec.containers[name=app].image' }, 'image-tags'],
    ['init container image', { path: 'spec.template.spec.initContainers[name=migrate].image' }, 'image-tags'],
    ['endpoint env var', { path: 'spec.template.spec.containers[name=app].env[name=PROCESSOR_URL].value' }, 'external-endpoints'],
    ['db host env var', { path: 'spec.template.spec.containers[name=app].env[name=DB_HOST].value' }, 'external-endpoints'],
    ['ConfigMap endpoint', { kind: 'ConfigMap', path: 'data.PAYMENTS_ENDPOINT' }, 'external-endpoints'],
    ['ConfigMap feature flag (not covered)', { kind: 'ConfigMap', path: 'data.FEATURE_CHECKOUT_V2' }, null],
    ['env var added entirely (not covered)', { path: 'spec.template.spec.containers[name=app].env[name=DEBUG]' }, null],
    ['Ingress host', { kind: 'Ingress', path: 'spec.rules[0].host' }, 'ingress-hosts'],
    ['Ingress TLS secret', { kind: 'Ingress', path: 'spec.tls[0].secretName' }, 'ingress-hosts'],
    ['HTTPRoute hostnames', { kind: 'HTTPRoute', path: 'spec.hostnames[0]' }, 'ingress-hosts'],
    ['VirtualService hosts', { kind: 'VirtualService', path: 'spec.hosts' }, 'ingress-hosts'],
    ['Ingress backend (not covered)', { kind: 'Ingress', path: 'spec.rules[0].http.paths[0].backend.service.name' }, null],
    ['a missing resource (not covered)', { code: 'RESOURCE_MISSING', kind: 'NetworkPolicy', path: null }, null],
    ['MTLS_MISMATCH on an endpoint key', { code: 'MTLS_MISMATCH', path: 'spec.template.spec.containers[name=app].env[name=PROCESSOR_URL]' }, null],
    ['IMAGE_MISMATCH on an image', { code: 'IMAGE_MISMATCH', path: 'spec.template.spec.containers[name=app].image' }, null],
    ['CROSS_ENV_REFERENCE on an endpoint', { code: 'CROSS_ENV_REFERENCE', path: 'spec.template.spec.containers[name=app].env[name=DB_URL].value' }, null],
  ];

  it.each(cases)('%s → %s', async (_name, spec, rule) => {
    const [finding] = only(await policyWith('', true), [candidate(spec)]);
    expect(finding!.allowed).toEqual(rule ? { rule, reason: expect.any(String) } : null);
    expect(finding!.blocking).toBe(rule === null);
  });

  it('never reports the default rules as stale', async () => {
    const findings = classify([], await policyWith(), context());
    expect(findings).toEqual([]);
  });
});

describe('classify allow rules', () => {
  const rules = `  allow:
    - id: everything
      reason: test
      paths: ["**"]
      services: [web]
    - id: mtls-cutover
      reason: mesh migration
      services: [mesh-*]
      codes: [MTLS_MISMATCH]
    - id: legacy-whole
      reason: legacy worker differs everywhere
      names: [legacy-*]
    - id: prod-pair
      reason: only staging and production
      kinds: [ConfigMap]
      pairs: ["production:staging"]
`;

  it('a path ** rule still does not allow MTLS_MISMATCH; naming the code does', async () => {
    const policy = await policyWith(rules, false);
    const findings = classify(
      [
        candidate({ service: 'web', path: 'spec.anything.at.all' }),
        candidate({ service: 'web', code: 'MTLS_MISMATCH', path: 'spec.template.spec.containers[name=a].env[name=X_URL]' }),
        candidate({ service: 'mesh-api', code: 'MTLS_MISMATCH', path: 'spec.template.metadata.labels["sidecar.istio.io/inject"]' }),
      ],
      policy,
      context({ audited: { services: ['web', 'mesh-api'], pairs: [['staging', 'production']] } }),
    );
    const plain = findings.find((f) => f.service === 'web' && f.code === 'VALUE_DRIFT');
    const mtls = findings.find((f) => f.service === 'web' && f.code === 'MTLS_MISMATCH');
    const mesh = findings.find((f) => f.service === 'mesh-api');
    expect(plain!.allowed).toEqual({ rule: 'everything', reason: 'test' });
    expect(mtls!.allowed).toBeNull();
    expect(mtls!.blocking).toBe(true);
    expect(mesh!.allowed).toEqual({ rule: 'mtls-cutover', reason: 'mesh migration' });
  });

  it('a rule without paths covers RESOURCE_MISSING and every VALUE_DRIFT of matching resources', async () => {
    const policy = await policyWith(rules, false);
    const findings = only(policy, [
      candidate({ code: 'RESOURCE_MISSING', name: 'legacy-worker', path: null }),
      candidate({ name: 'legacy-worker', path: 'spec.template.spec.containers[name=w].args[0]' }),
      candidate({ name: 'payments', path: 'spec.template.spec.containers[name=w].args[0]' }),
      candidate({ code: 'SECRET_DRIFT', kind: 'Secret', name: 'legacy-creds', path: null }),
    ]);
    expect(findings.map((f) => [f.resource!.name, f.code, f.allowed && 'rule' in f.allowed ? f.allowed.rule : null])).toEqual([
      ['legacy-worker', 'RESOURCE_MISSING', 'legacy-whole'],
      ['legacy-worker', 'VALUE_DRIFT', 'legacy-whole'],
      ['payments', 'VALUE_DRIFT', null],
      ['legacy-creds', 'SECRET_DRIFT', null],
    ]);
  });

  it('a rule with paths does not cover a missing resource', async () => {
    const policy = await policyWith('  allow:\n    - {id: r, reason: x, paths: ["**"]}\n', false);
    const [finding] = only(policy, [candidate({ code: 'RESOURCE_MISSING', path: null })]);
    expect(finding!.allowed).toBeNull();
  });

  it('pairs match in either order and nothing else', async () => {
    const policy = await policyWith(rules, false);
    const findings = only(policy, [
      candidate({ kind: 'ConfigMap', envs: ['staging', 'production'], path: 'data.A' }),
      candidate({ kind: 'ConfigMap', envs: ['dev', 'staging'], path: 'data.A' }),
    ]);
    expect(findings.map((f) => [f.envs.join(':'), f.allowed !== null])).toEqual([
      ['dev:staging', false],
      ['staging:production', true],
    ]);
  });

  it('services and names are globs; kinds are exact', async () => {
    const policy = await policyWith(
      '  allow:\n    - {id: r, reason: x, services: ["pay*"], names: ["*-db"], kinds: [StatefulSet]}\n',
      false,
    );
    const findings = only(policy, [
      candidate({ service: 'payments', kind: 'StatefulSet', name: 'orders-db' }),
      candidate({ service: 'web', kind: 'StatefulSet', name: 'orders-db' }),
      candidate({ service: 'payments', kind: 'StatefulSet', name: 'orders-cache' }),
      candidate({ service: 'payments', kind: 'Deployment', name: 'orders-db' }),
    ]);
    expect(findings.map((f) => `${f.service}/${f.resource!.kind}/${f.resource!.name}:${f.allowed !== null}`)).toEqual([
      'payments/Deployment/orders-db:false',
      'payments/StatefulSet/orders-cache:false',
      'payments/StatefulSet/orders-db:true',
      'web/StatefulSet/orders-db:false',
    ]);
  });

  it('the first matching rule wins', async () => {
    const policy = await policyWith('  allow:\n    - {id: first, reason: a, paths: [spec]}\n    - {id: second, reason: b, paths: [spec.replicas]}\n', false);
    const findings = classify([candidate()], policy, context());
    expect(findings.find((f) => f.code === 'VALUE_DRIFT')!.allowed).toEqual({ rule: 'first', reason: 'a' });
    expect(findings.filter((f) => f.code === 'ALLOW_STALE').map((f) => formatMessage(f))).toEqual([
      'Allow rule second matched no difference; remove it or fix its scope.',
    ]);
  });
});

describe('classify ALLOW_STALE', () => {
  const rules = `  allow:
    - id: unused-everywhere
      reason: x
      paths: [spec.nothing]
    - id: unused-web
      reason: x
      services: [web]
      paths: [spec.nothing]
    - id: unused-other-service
      reason: x
      services: [billing]
    - id: unused-dev-pair
      reason: x
      pairs: ["dev:staging"]
`;

  it('reports unused repo rules whose scope was audited, as warnings with their source', async () => {
    const policy = await policyWith(rules, true);
    const findings = classify([], policy, context({ audited: { services: ['payments', 'web'], pairs: [['staging', 'production']] } }));
    expect(findings.map((f) => [f.code, f.severity, f.blocking, f.service, f.source])).toEqual([
      ['ALLOW_STALE', 'warning', false, '*', { file: 'policies/team.yaml', line: 6 }],
      ['ALLOW_STALE', 'warning', false, 'web', { file: 'policies/team.yaml', line: 9 }],
    ]);
    expect(findings[0]).toMatchObject({ envs: [], resource: null, path: null, allowed: null, values: {} });
    expect(formatMessage(findings[0]!)).toBe('Allow rule unused-everywhere matched no difference; remove it or fix its scope.');
  });

  it('blocks only at --fail-on warning', async () => {
    const policy = await policyWith(rules, false);
    const findings = classify([], policy, context({ failOn: 'warning' }));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.code === 'ALLOW_STALE' && f.blocking)).toBe(true);
  });

  it('is not reported when the rule matched', async () => {
    const policy = await policyWith('  allow:\n    - {id: used, reason: x, paths: [spec.replicas]}\n', false);
    const findings = classify([candidate()], policy, context());
    expect(findings.map((f) => f.code)).toEqual(['VALUE_DRIFT']);
  });
});

describe('classify waivers', () => {
  const mtls = candidate({ code: 'MTLS_MISMATCH', path: 'spec.template.spec.containers[name=app].env[name=PROCESSOR_URL]' });
  const mtlsId = findingId(mtls);
  const byId = (expires: string) =>
    `  waivers:\n    - finding: ${mtlsId}\n      reason: certificate rollout\n      owner: team-payments\n      expires: ${expires}\n`;

  it('a waiver by finding id makes the finding non-blocking until it expires', async () => {
    const policy = await policyWith(byId('2026-06-30'), false);
    const [finding] = classify([mtls], policy, context({ now: new Date('2026-06-30T23:59:59Z') }));
    expect(finding!.allowed).toEqual({ waiver: mtlsId, reason: 'certificate rollout', owner: 'team-payments', expires: '2026-06-30' });
    expect(finding!.blocking).toBe(false);
  });

  it('an expired waiver does not apply and yields WAIVER_EXPIRED with its source', async () => {
    const policy = await policyWith(byId('2026-06-30'), false);
    const findings = classify([mtls], policy, context({ now: new Date('2026-07-01T00:00:00Z') }));
    expect(findings.map((f) => [f.code, f.blocking, f.service, f.allowed])).toEqual([
      ['WAIVER_EXPIRED', true, 'payments', null],
      ['MTLS_MISMATCH', true, 'payments', null],
    ]);
    expect(findings[0]).toMatchObject({ severity: 'error', envs: [], resource: null, path: null, source: { file: 'policies/team.yaml', line: 6 } });
    expect(formatMessage(findings[0]!)).toBe(`Waiver ${mtlsId} expired on 2026-06-30 (owner team-payments); renew or fix the finding.`);
  });

  it('an expired waiver is reported even when it matched nothing', async () => {
    const policy = await policyWith(byId('2026-01-01'), false);
    const findings = classify([], policy, context());
    expect(findings.map((f) => [f.code, f.service, f.blocking])).toEqual([['WAIVER_EXPIRED', '*', true]]);
  });

  it('a waiver by match needs the code named to cover MTLS_MISMATCH', async () => {
    const body = `  waivers:
    - finding: {services: [payments], paths: ["**.env[name=PROCESSOR_URL]"]}
      reason: a
      owner: o
      expires: 2026-12-31
    - finding: {services: [payments], codes: [MTLS_MISMATCH]}
      reason: b
      owner: o
      expires: 2026-12-31
`;
    const policy = await policyWith(body, false);
    const [finding] = classify([mtls], policy, context());
    expect(finding!.allowed).toEqual({ waiver: 'policies/team.yaml:10', reason: 'b', owner: 'o', expires: '2026-12-31' });
  });

  it('an expired waiver by match is reported only when its scope was audited', async () => {
    const body = `  waivers:
    - finding: {services: [billing]}
      reason: a
      owner: o
      expires: 2026-01-01
    - finding: {services: [payments], pairs: ["staging:production"]}
      reason: b
      owner: o
      expires: 2026-01-01
`;
    const policy = await policyWith(body, false);
    const findings = classify([], policy, context());
    expect(findings.map((f) => [f.code, f.service, f.source])).toEqual([
      ['WAIVER_EXPIRED', 'payments', { file: 'policies/team.yaml', line: 10 }],
    ]);
  });

  it('allow rules win over waivers', async () => {
    const policy = await policyWith(`  waivers:\n    - finding: ${findingId(candidate())}\n      reason: r\n      owner: o\n      expires: 2026-12-31\n`);
    const [finding] = classify([candidate()], policy, context());
    expect(finding!.allowed).toEqual({ rule: 'replicas', reason: expect.any(String) });
  });
});

describe('classify severity and blocking', () => {
  const reused = candidate({ code: 'SECRET_REUSED', kind: 'Secret', path: 'data.DB_PASSWORD', values: { staging: '<redacted>', production: '<redacted>' } });
  const drift = candidate({ kind: 'ConfigMap', path: 'data.FLAG' });

  it.each([
    ['error', false, true],
    ['warning', true, true],
    ['never', false, false],
  ] as const)('--fail-on %s: warning blocks %s, error blocks %s', async (failOn, warningBlocks, errorBlocks) => {
    const policy = await policyWith('', false);
    const findings = classify([reused, drift], policy, context({ failOn }));
    const byCode = Object.fromEntries(findings.map((f) => [f.code, f]));
    expect(byCode.SECRET_REUSED!.severity).toBe('warning');
    expect(byCode.SECRET_REUSED!.blocking).toBe(warningBlocks);
    expect(byCode.VALUE_DRIFT!.severity).toBe('error');
    expect(byCode.VALUE_DRIFT!.blocking).toBe(errorBlocks);
  });

  it.each([
    ['VALUE_DRIFT', 'error'],
    ['RESOURCE_MISSING', 'error'],
    ['MTLS_MISMATCH', 'error'],
    ['MTLS_REQUIRED', 'error'],
    ['IMAGE_MISMATCH', 'error'],
    ['CROSS_ENV_REFERENCE', 'error'],
    ['SECRET_DRIFT', 'error'],
    ['SECRET_REUSED', 'warning'],
    ['LIVE_DRIFT', 'error'],
    ['LIVE_MISSING', 'error'],
  ] as const)('%s defaults to %s', async (code, severity) => {
    const [finding] = classify([candidate({ code, kind: 'Secret' })], await policyWith('', false), context());
    expect(finding!.severity).toBe(severity);
  });

  it('carries values and source through, and the report stage words the message', async () => {
    const input = { ...drift, source: { file: 'apps/web/overlays/production/config.env', line: 3 } };
    const [finding] = classify([input], await policyWith('', false), context());
    expect(finding).toMatchObject({
      values: { staging: 1, production: 3 },
      source: { file: 'apps/web/overlays/production/config.env', line: 3 },
    });
    expect(finding && wordFinding(finding).message).toBe('`data.FLAG` differs: staging has 1, production has 3.');
  });
});

describe('finding ids and order', () => {
  it('are stable, 16 hex digits, and ignore values', () => {
    const a = findingId(candidate());
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(findingId(candidate())).toBe(a);
    expect(findingId(candidate({ values: { staging: 'x', production: 'y' } }))).toBe(a);
  });

  it.each([
    ['path', { path: 'spec.template' }],
    ['code', { code: 'IMAGE_MISMATCH' as const }],
    ['service', { service: 'web' }],
    ['envs', { envs: ['dev', 'staging'] }],
    ['kind', { kind: 'StatefulSet' }],
    ['name', { name: 'other' }],
  ])('change with the %s', (_what, spec) => {
    expect(findingId(candidate(spec))).not.toBe(findingId(candidate()));
  });

  it('policy-level findings of different rules get different ids', async () => {
    const policy = await policyWith('  allow:\n    - {id: a, reason: x, paths: [x]}\n    - {id: b, reason: x, paths: [x]}\n', false);
    const ids = classify([], policy, context()).map((f) => f.id);
    expect(new Set(ids).size).toBe(2);
  });

  it('sorts by service, env pair, resource, path and code regardless of input order', async () => {
    const policy = await policyWith('', false);
    const inputs = [
      candidate({ service: 'web', path: 'spec.b' }),
      candidate({ service: 'payments', envs: ['staging', 'production'], path: 'spec.a' }),
      candidate({ service: 'payments', envs: ['dev', 'staging'], path: 'spec.z' }),
      candidate({ service: 'payments', kind: 'ConfigMap', path: 'data.A' }),
      candidate({ service: 'payments', code: 'IMAGE_MISMATCH', path: 'spec.a' }),
    ];
    const order = (list: Candidate[]) => classify(list, policy, context()).map((f) => `${f.service} ${f.envs.join(':')} ${f.resource!.kind} ${f.path} ${f.code}`);
    const expected = [
      'payments dev:staging Deployment spec.z VALUE_DRIFT',
      'payments staging:production ConfigMap data.A VALUE_DRIFT',
      'payments staging:production Deployment spec.a IMAGE_MISMATCH',
      'payments staging:production Deployment spec.a VALUE_DRIFT',
      'web staging:production Deployment spec.b VALUE_DRIFT',
    ];
    expect(order(inputs)).toEqual(expected);
    expect(order([...inputs].reverse())).toEqual(expected);
  });
});

it('labels the shipped default in Policy.files', async () => {
  expect((await policyWith()).files[0]).toBe(DEFAULT_POLICY_LABEL);
});
