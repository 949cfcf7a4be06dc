import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/discover/load-config.js';
import { PolicyError } from '../../src/errors.js';
import { DEFAULT_POLICY_LABEL, loadPolicy } from '../../src/policy/load-policy.js';
import type { ParityConfig } from '../../src/types.js';
import { caught, makeRepo } from '../discover/helpers.js';

const fixture = (name: string) => resolve(__dirname, '../../fixtures', name);

function configWith(policies: string[], defaultPolicy = true): ParityConfig {
  return {
    file: null,
    environments: ['dev', 'staging', 'production'],
    layout: 'apps/{service}/overlays/{env}',
    services: [],
    policies,
    defaultPolicy,
  };
}

const header = 'apiVersion: parity.dev/v1alpha1\nkind: ParityPolicy\nmetadata: {name: team}\nspec:\n';

describe('loadPolicy: the shipped default', () => {
  it('loads policies/default.yaml with the documented rules', async () => {
    const repo = await makeRepo({});
    const policy = await loadPolicy(repo, configWith([]));
    expect(policy.files).toEqual([DEFAULT_POLICY_LABEL]);
    expect(policy.allow.map((rule) => rule.id)).toEqual([
      'replicas',
      'resources',
      'resource-quotas',
      'hpa-bounds',
      'pdb-numbers',
      'image-tags',
      'external-endpoints',
      'ingress-hosts',
      'service-node-ports',
      'jwt-issuers',
      'acme-servers',
      'oidc-endpoints',
      'helm-chart-versions',
      'sync-hooks',
    ]);
    expect(policy.allow.every((rule) => rule.declared.file === DEFAULT_POLICY_LABEL && rule.declared.line! > 0)).toBe(true);
    // Default rules never reach past VALUE_DRIFT and RESOURCE_MISSING (sync-hooks narrows to the latter).
    expect(policy.allow.every((rule) => (rule.codes ?? []).every((code) => code === 'VALUE_DRIFT' || code === 'RESOURCE_MISSING'))).toBe(true);
    expect(policy.allow.find((rule) => rule.id === 'sync-hooks')?.codes).toEqual(['RESOURCE_MISSING']);
    expect(policy.requireImmutableTags).toBe(false);
  });

  it('is skipped with defaultPolicy: false', async () => {
    const repo = await makeRepo({});
    const policy = await loadPolicy(repo, configWith([], false));
    expect(policy).toEqual({ allow: [], endpoints: [], waivers: [], requireImmutableTags: false, gates: { performance: [], incidents: null }, files: [] });
  });

  it('can be read from another file', async () => {
    const repo = await makeRepo({ 'alt.yaml': `${header}  allow:\n    - {id: only, reason: test, paths: [spec]}\n` });
    const policy = await loadPolicy(repo, configWith([]), { defaultPolicyFile: resolve(repo, 'alt.yaml') });
    expect(policy.allow.map((rule) => [rule.id, rule.declared])).toEqual([['only', { file: DEFAULT_POLICY_LABEL, line: 6 }]]);
  });
});

describe('loadPolicy: repo policies', () => {
  it('merges folder files in name order after the default, with declared lines', async () => {
    const repo = await makeRepo({
      'policies/b.yaml': `${header}  allow:\n    - id: b-rule\n      reason: b\n      pairs: ["staging:production"]\n`,
      'policies/a.yml': `${header}  endpoints:\n    - {host: api.processor.example, requires: mtls}\n  promotion:\n    requireImmutableTags: true\n`,
      'policies/notes.md': 'not a policy',
      'policies/kyverno.yaml': 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: x}\nspec: {rules: []}\n',
    });
    const policy = await loadPolicy(repo, configWith(['policies']));
    expect(policy.files).toEqual([DEFAULT_POLICY_LABEL, 'policies/a.yml', 'policies/b.yaml']);
    expect(policy.allow.at(-1)).toEqual({
      id: 'b-rule',
      reason: 'b',
      pairs: ['staging:production'],
      declared: { file: 'policies/b.yaml', line: 6 },
    });
    expect(policy.endpoints).toEqual([
      { host: 'api.processor.example', requires: 'mtls', declared: { file: 'policies/a.yml', line: 6 } },
    ]);
    expect(policy.requireImmutableTags).toBe(true);
  });

  it('reads waivers by id and by match', async () => {
    const repo = await makeRepo({
      'team.yaml': `${header}  waivers:
    - finding: 0123456789abcdef
      reason: migration in progress
      owner: team-payments
      expires: 2026-12-31
    - finding: {services: [payments], codes: [MTLS_MISMATCH]}
      reason: cutover
      owner: sre
      expires: "2027-01-15"
`,
    });
    const policy = await loadPolicy(repo, configWith(['team.yaml'], false));
    expect(policy.waivers).toEqual([
      { finding: '0123456789abcdef', reason: 'migration in progress', owner: 'team-payments', expires: '2026-12-31', declared: { file: 'team.yaml', line: 6 } },
      { finding: { services: ['payments'], codes: ['MTLS_MISMATCH'] }, reason: 'cutover', owner: 'sre', expires: '2027-01-15', declared: { file: 'team.yaml', line: 10 } },
    ]);
  });

  it('loads the ecommerce-infra fixture policies', async () => {
    const repo = fixture('ecommerce-infra');
    const policy = await loadPolicy(repo, await loadConfig(repo));
    expect(policy.files).toEqual([DEFAULT_POLICY_LABEL, 'policies/payments.yaml']);
    expect(policy.endpoints).toEqual([
      { host: 'api.processor.example', requires: 'mtls', declared: { file: 'policies/payments.yaml', line: 8 } },
    ]);
  });
});

describe('loadPolicy errors', () => {
  const cases: Array<[string, string, number, RegExp]> = [
    ['unknown spec key', 'apiVersion: parity.dev/v1alpha1\nkind: ParityPolicy\nmetadata: {name: x}\nspec:\n  allows: []\n', 5, /unknown key 'allows' in 'spec'/],
    ['unknown rule key', `${header}  allow:\n    - id: r\n      reason: x\n      path: [spec.replicas]\n`, 8, /unknown key 'path' in 'spec.allow\[0\]'/],
    ['wrong apiVersion', 'apiVersion: parity.dev/v1\nkind: ParityPolicy\nmetadata: {name: x}\nspec: {}\n', 1, /'apiVersion': must be parity.dev\/v1alpha1/],
    ['wrong kind', 'apiVersion: parity.dev/v1alpha1\nkind: Policy\nmetadata: {name: x}\nspec: {}\n', 2, /'kind': must be ParityPolicy/],
    ['missing metadata', 'apiVersion: parity.dev/v1alpha1\nkind: ParityPolicy\nspec: {}\n', 1, /missing required key 'metadata'/],
    ['wrong type', `${header}  allow:\n    - id: r\n      reason: x\n      kinds: Deployment\n`, 8, /'spec.allow\[0\].kinds' must be a list, got a string/],
    ['missing reason', `${header}  allow:\n    - id: r\n      kinds: [Deployment]\n`, 6, /missing required key 'spec.allow\[0\].reason'/],
    ['bad path pattern', `${header}  allow:\n    - id: r\n      reason: x\n      paths:\n        - spec.replicas\n        - spec..template\n`, 10, /invalid path pattern 'spec..template': empty segment/],
    ['bad pair format', `${header}  allow:\n    - id: r\n      reason: x\n      pairs: [staging-production]\n`, 8, /'spec.allow\[0\].pairs\[0\]': must be '\*' or 'ENV:ENV'/],
    ['unknown env in pair', `${header}  allow:\n    - id: r\n      reason: x\n      pairs:\n        - "staging:prod"\n`, 9, /pair 'staging:prod' names unknown environment 'prod'/],
    ['bad code', `${header}  allow:\n    - id: r\n      reason: x\n      codes: [ALLOW_STALE]\n`, 8, /'spec.allow\[0\].codes\[0\]'/],
    ['bad date', `${header}  waivers:\n    - finding: 0123456789abcdef\n      reason: x\n      owner: y\n      expires: 2026-02-30\n`, 9, /'spec.waivers\[0\].expires': must be a date YYYY-MM-DD/],
    ['bad finding id', `${header}  waivers:\n    - finding: abc\n      reason: x\n      owner: y\n      expires: 2026-02-03\n`, 6, /must be a finding id \(16 hex digits\)/],
    ['bad waiver match key', `${header}  waivers:\n    - finding:\n        service: [a]\n      reason: x\n      owner: y\n      expires: 2026-02-03\n`, 7, /unknown key 'service' in 'spec.waivers\[0\].finding'/],
    ['empty waiver match', `${header}  waivers:\n    - finding: {}\n      reason: x\n      owner: y\n      expires: 2026-02-03\n`, 6, /must name at least one of/],
    ['bad endpoint mode', `${header}  endpoints:\n    - host: a.example\n      requires: mutual\n`, 7, /'spec.endpoints\[0\].requires'/],
    ['duplicate id in a file', `${header}  allow:\n    - {id: r, reason: x}\n    - {id: r, reason: y}\n`, 7, /duplicate allow rule id 'r' \(already defined at team.yaml:6\)/],
    ['YAML syntax', `${header}  allow: [\n`, 6, /invalid YAML/],
  ];

  it.each(cases)('%s', async (_name, text, line, message) => {
    const repo = await makeRepo({ 'team.yaml': text });
    const error = await caught(() => loadPolicy(repo, configWith(['team.yaml'], false)));
    expect(error).toBeInstanceOf(PolicyError);
    expect(error.message).toMatch(message);
    expect(error.file).toBe('team.yaml');
    expect(error.line).toBe(line);
  });

  it('rejects an allow id that the default policy already defines', async () => {
    const repo = await makeRepo({ 'policies/team.yaml': `${header}  allow:\n    - {id: replicas, reason: mine}\n` });
    const error = await caught(() => loadPolicy(repo, configWith(['policies'])));
    expect(error).toBeInstanceOf(PolicyError);
    expect(error.message).toMatch(new RegExp(`duplicate allow rule id 'replicas' \\(already defined at ${DEFAULT_POLICY_LABEL}:\\d+\\)`));
    expect([error.file, error.line]).toEqual(['policies/team.yaml', 6]);
  });

  it('rejects duplicate ids across files', async () => {
    const repo = await makeRepo({
      'p/one.yaml': `${header}  allow:\n    - {id: same, reason: x}\n`,
      'p/two.yaml': `${header}  allow:\n    - {id: same, reason: y}\n`,
    });
    const error = await caught(() => loadPolicy(repo, configWith(['p'], false)));
    expect((error as PolicyError).toLine()).toBe("p/two.yaml:6: duplicate allow rule id 'same' (already defined at p/one.yaml:6)");
  });

  it('validates a listed file strictly even when another tool owns it', async () => {
    const repo = await makeRepo({ 'kyverno.yaml': 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: x}\nspec: {}\n' });
    const error = await caught(() => loadPolicy(repo, configWith(['kyverno.yaml'], false)));
    expect(error.message).toMatch(/'apiVersion': must be parity.dev\/v1alpha1/);
  });

  it('names a missing policy path', async () => {
    const repo = await makeRepo({});
    const error = await caught(() => loadPolicy(repo, configWith(['gone.yaml'], false)));
    expect([error.message, error.file]).toEqual(['policy file or folder not found', 'gone.yaml']);
  });

  it('reports the broken/bad-policy fixture', async () => {
    const repo = fixture('broken/bad-policy');
    const error = (await caught(async () => loadPolicy(repo, await loadConfig(repo)))) as PolicyError;
    expect(error).toBeInstanceOf(PolicyError);
    expect(error.toLine()).toBe("policies/replicas.yaml:6: unknown key 'allows' in 'spec'");
  });
});

describe('policy JSON schemas', () => {
  it('policies/*.schema.json are in sync with the zod schemas', async () => {
    const { generateSchemas } = await import('../../src/policy/schema-json.js');
    for (const [name, text] of Object.entries(generateSchemas())) {
      expect(await readFile(resolve(__dirname, '../../policies', name), 'utf8'), name).toBe(text);
    }
  });

  it('the shipped default policy validates against policy.schema.json', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const { default: formats } = await import('ajv-formats');
    const addFormats = formats as unknown as (ajv: InstanceType<typeof Ajv2020>) => void;
    const { parse } = await import('yaml');
    const schema = JSON.parse(await readFile(resolve(__dirname, '../../policies/policy.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const policy = parse(await readFile(resolve(__dirname, '../../policies/default.yaml'), 'utf8'));
    expect(validate(policy), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...policy, spec: { allows: [] } })).toBe(false);
  });
});

describe('loadPolicy: spec.gates', () => {
  const gates =
    '  gates:\n    performance:\n      - name: p99-latency\n        query: histogram_quantile(0.99, sum by (le) (rate(x{service="{{service}}"}[5m])))\n        better: lower\n' +
    '      - {name: success-rate, query: "avg(up)", better: higher, tolerance: 5, step: 30s}\n    incidents:\n      matchers: [\'severity=~"P1|P2"\', \'service="{{service}}"\']\n';

  it('reads performance checks (tolerance 10% and step 1m by default) and incident matchers', async () => {
    const repo = await makeRepo({ 'policies/gates.yaml': `${header}${gates}` });
    const policy = await loadPolicy(repo, configWith(['policies'], false));
    expect(policy.gates.performance.map(({ name, better, tolerance, step }) => ({ name, better, tolerance, step }))).toEqual([
      { name: 'p99-latency', better: 'lower', tolerance: 10, step: '1m' },
      { name: 'success-rate', better: 'higher', tolerance: 5, step: '30s' },
    ]);
    expect(policy.gates.performance[0]!.declared).toEqual({ file: 'policies/gates.yaml', line: 7 });
    expect(policy.gates.incidents).toEqual({ matchers: ['severity=~"P1|P2"', 'service="{{service}}"'] });
  });

  it('rejects an unknown direction with the file and line', async () => {
    const repo = await makeRepo({ 'policies/gates.yaml': `${header}  gates:\n    performance:\n      - {name: x, query: up, better: faster}\n` });
    const error = await caught(() => loadPolicy(repo, configWith(['policies'], false)));
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).toLine()).toMatch(/^policies\/gates\.yaml:7: .*better/);
  });
});
