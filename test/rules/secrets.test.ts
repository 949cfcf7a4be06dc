import { describe, expect, it } from 'vitest';
import { envCandidates, isCredentialKey, pairCandidates, redactObject, REDACTED } from '../../src/rules/index.js';
import type { Candidate, K8sObject } from '../../src/types.js';
import { deployment, envResources, pairContext } from './helpers.js';
import { argsOf } from '../support/args.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

function secret(data: Record<string, string>, stringData?: Record<string, string>, type = 'Opaque'): K8sObject {
  const object: K8sObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'payments-db' },
    type,
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  };
  if (stringData) object.stringData = stringData;
  return object;
}

function compare(left: K8sObject[], right: K8sObject[]): Candidate[] {
  return pairCandidates(pairContext({ env: 'staging', objects: left }, { env: 'production', objects: right }));
}

/** Neither the value nor its base64 form appears anywhere in the serialized candidates. */
function expectHidden(candidates: Candidate[], ...values: string[]): void {
  const json = JSON.stringify(candidates);
  for (const value of values) {
    expect(json).not.toContain(value);
    expect(json).not.toContain(b64(value));
  }
}

describe('Secrets', () => {
  it('reports a different key set once, without any value', () => {
    const found = compare(
      [secret({ DB_USER: 'app', DB_PASSWORD: 'stg-Pa55word!' })],
      [secret({ DB_USER: 'app-prod', DB_PASSWORD: 'prd-Pa55word!', DB_SSL_KEY: 'prd-ssl-k3y' })],
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: 'SECRET_DRIFT',
      resource: { kind: 'Secret', name: 'payments-db' },
      values: { staging: REDACTED, production: REDACTED },
      args: { onlyIn: { staging: [], production: ['DB_SSL_KEY'] } },
    });
    expectHidden(found, 'stg-Pa55word!', 'prd-Pa55word!', 'prd-ssl-k3y', 'app-prod');
  });

  it('compares data and stringData as one key space', () => {
    const found = compare([secret({ TOKEN: 'stg-t0ken' })], [secret({}, { TOKEN: 'prd-t0ken' })]);
    expect(found).toEqual([]);
  });

  it('reports the same value in both environments as SECRET_REUSED, without the value', () => {
    const found = compare([secret({ DB_PASSWORD: 'hunter2-shared', EMPTY: '' })], [secret({}, { DB_PASSWORD: 'hunter2-shared', EMPTY: '' })]);
    expect(found.map((c) => [c.code, c.path, c.values])).toEqual([
      ['SECRET_REUSED', 'data.DB_PASSWORD', { staging: REDACTED, production: REDACTED }],
    ]);
    expectHidden(found, 'hunter2-shared');
  });

  it('reports a type change as VALUE_DRIFT', () => {
    const found = compare([secret({ A: 'x1' })], [secret({ A: 'x2' }, undefined, 'kubernetes.io/basic-auth')]);
    expect(found.map((c) => [c.code, c.path, c.values])).toEqual([
      ['VALUE_DRIFT', 'type', { staging: 'Opaque', production: 'kubernetes.io/basic-auth' }],
    ]);
  });

  it('never shows the value of a Secret present on one side only', () => {
    const found = compare([], [secret({ API_TOKEN: 'only-in-prod-token' })]);
    expect(found.map((c) => c.code)).toEqual(['RESOURCE_MISSING']);
    expect(found[0]!.values).toEqual({ production: 'present', staging: 'absent' });
    expect(argsOf(found[0])).toEqual({ presentIn: 'production', missingIn: 'staging' });
    expectHidden(found, 'only-in-prod-token');
  });
});

describe('credential-named keys outside Secrets', () => {
  const app = (env: Array<Record<string, unknown>>) => deployment('payments-service', { env });
  const config = (data: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'payments-config' }, data });

  it('expects differing values and reports nothing', () => {
    const found = compare([app([{ name: 'DB_PASSWORD', value: 'stg-pw-1' }])], [app([{ name: 'DB_PASSWORD', value: 'prd-pw-2' }])]);
    expect(found).toEqual([]);
  });

  it('reports identical values as SECRET_REUSED, env vars and config keys alike', () => {
    const found = compare(
      [app([{ name: 'STRIPE_API_KEY', value: 'sk_live_same' }]), config({ 'auth.client-secret': 'same-client-secret', LOG_LEVEL: 'info' })],
      [app([{ name: 'STRIPE_API_KEY', value: 'sk_live_same' }]), config({ 'auth.client-secret': 'same-client-secret', LOG_LEVEL: 'info' })],
    );
    expect(found.map((c) => [c.code, c.path, argsOf(c).key]).sort()).toEqual([
      ['SECRET_REUSED', 'data["auth.client-secret"]', 'auth.client-secret'],
      ['SECRET_REUSED', 'spec.template.spec.containers[name=payments-service].env[name=STRIPE_API_KEY].value', 'STRIPE_API_KEY'],
    ]);
    expectHidden(found, 'sk_live_same', 'same-client-secret');
  });

  it('reports a credential present on one side only as VALUE_DRIFT with <redacted>', () => {
    const found = compare([app([])], [app([{ name: 'WEBHOOK_TOKEN', value: 'whk-t0k3n' }])]);
    expect(found.map((c) => c.code)).toEqual(['VALUE_DRIFT']);
    expect(found[0]!.path).toBe('spec.template.spec.containers[name=payments-service].env[name=WEBHOOK_TOKEN]');
    expect(found[0]!.values).toEqual({ production: { name: 'WEBHOOK_TOKEN', value: REDACTED } });
    expectHidden(found, 'whk-t0k3n');
  });

  it('hides passwords inside URLs, embedded config files and private keys', () => {
    const found = compare(
      [config({ 'app.properties': 'db.user=app\ndb.password=stg-embedded-pw\n', DSN: 'postgres://app:stg-dsn-pw@db/x' })],
      [config({ 'app.properties': 'db.user=app\ndb.password=prd-embedded-pw\n', DSN: 'postgres://app:prd-dsn-pw@db/x', KEY_PEM: '-----BEGIN RSA PRIVATE KEY-----\nMIIprivate\n' })],
    );
    expect(found.map((c) => c.path).sort()).toEqual(['data.DSN', 'data.KEY_PEM', 'data["app.properties"]']);
    expectHidden(found, 'stg-embedded-pw', 'prd-embedded-pw', 'stg-dsn-pw', 'prd-dsn-pw', 'MIIprivate');
  });
});

describe('isCredentialKey', () => {
  it.each([
    'DB_PASSWORD', 'password', 'spring.datasource.password', 'DB_PWD', 'GITHUB_TOKEN', 'clientSecret', 'CLIENT_SECRET',
    'STRIPE_API_KEY', 'apikey', 'x-api-key', 'PRIVATE_KEY', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID_SECRET', 'GCP_CREDENTIALS',
    'credential', 'AZURE_STORAGE_CONNECTION_STRING', 'DB_PASS', 'SECRET_ID', 'passwd',
  ])('%s is a credential', (name) => expect(isCredentialKey(name)).toBe(true));

  it.each([
    'PWD', 'PASSWORD_FILE', 'secretName', 'TOKEN_URL', 'OAUTH_TOKEN_ENDPOINT', 'DATABASE_URL', 'LOG_LEVEL', 'CACHE_KEY',
    'TOKENIZER_MODE', 'SECRETARY', 'passthrough', 'KEY_PREFIX', 'existingSecretName', 'SECRET_REF',
  ])('%s is not', (name) => expect(isCredentialKey(name)).toBe(false));
});

function containerEnv(object: K8sObject): Array<Record<string, unknown>> {
  const spec = object.spec as { template: { spec: { containers: Array<{ env: Array<Record<string, unknown>> }> } } };
  return spec.template.spec.containers[0]!.env;
}

describe('redactObject', () => {
  it('hides Secret values, credential env vars and config keys, and leaves the rest', () => {
    const original = deployment('payments-service', {
      env: [
        { name: 'DB_PASSWORD', value: 'render-pw' },
        { name: 'DB_HOST', value: 'db.internal' },
        { name: 'DB_PASSWORD_FROM', valueFrom: { secretKeyRef: { name: 'payments-db', key: 'DB_PASSWORD' } } },
      ],
    });
    const redacted = redactObject(original);
    const env = containerEnv(redacted);
    expect(env).toEqual([
      { name: 'DB_PASSWORD', value: REDACTED },
      { name: 'DB_HOST', value: 'db.internal' },
      { name: 'DB_PASSWORD_FROM', valueFrom: { secretKeyRef: { name: 'payments-db', key: 'DB_PASSWORD' } } },
    ]);
    expect(containerEnv(original)[0]!.value).toBe('render-pw');

    const s = redactObject(secret({ A: 'secret-a' }, { B: 'secret-b' }));
    expect(s.data).toEqual({ A: REDACTED });
    expect(s.stringData).toEqual({ B: REDACTED });
    expect(s.metadata.name).toBe('payments-db');
    expect(JSON.stringify(s)).not.toContain(b64('secret-a'));
  });
});

describe('CROSS_ENV_REFERENCE never shows credentials', () => {
  it('strips the password of a DSN and redacts credential-named values', () => {
    const app = deployment('payments-service', {
      env: [
        { name: 'DATABASE_URL', value: 'postgres://app:pw@db.staging.internal/x' },
        { name: 'API_TOKEN', value: 'https://token.staging.example/abc' },
      ],
    });
    const found = envCandidates({
      service: 'payments-service',
      env: envResources('production', [app]),
      chainEnvs: [{ env: 'staging', tokens: ['staging', 'stage', 'stg'] }, { env: 'production', tokens: ['production', 'prod', 'prd'] }],
      tokens: ['production', 'prod', 'prd'],
      policy: { endpoints: [] },
    });
    expect(found.map((c) => c.values.production)).toEqual(['postgres://db.staging.internal/x', REDACTED]);
    expect(JSON.stringify(found)).not.toMatch(/:pw@|abc/);
  });
});

describe('credentials in URL query parameters', () => {
  it('are redacted in drift and MTLS_REQUIRED values', () => {
    const app = (url: string) => deployment('payments-service', { env: [{ name: 'PROCESSOR_URL', value: url }] });
    const drift = compare([app('https://api.processor.example/v1?api_key=stg-q-key&x=1')], [app('https://api.processor.example/v1?api_key=prd-q-key&x=1')]);
    expect(drift.map((c) => c.values)).toEqual([{
      staging: 'https://api.processor.example/v1?api_key=<redacted>&x=1',
      production: 'https://api.processor.example/v1?api_key=<redacted>&x=1',
    }]);
    const required = envCandidates({
      service: 'payments-service',
      env: envResources('production', [app('https://user:pw-in-url@api.processor.example/?token=prd-q-token')]),
      chainEnvs: [],
      tokens: ['production'],
      policy: { endpoints: [{ host: 'api.processor.example', requires: 'mtls', declared: { file: 'p.yaml' } }] },
    });
    expect(required.map((c) => c.values.production)).toEqual(['https://api.processor.example/?token=<redacted>']);
    expectHidden([...drift, ...required], 'stg-q-key', 'prd-q-key', 'prd-q-token', 'pw-in-url');
  });
});
