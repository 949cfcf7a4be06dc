import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { FORMATS, formatResult } from '../../src/report/index.js';
import { forgetSecrets, maskShapes, redactObject, scrubString, scrubText } from '../../src/secrets/index.js';
import { isReferenceOnly } from '../../src/secrets/shapes.js';
import type { AuditResult, Finding, K8sObject } from '../../src/types.js';

/** Passwords with the characters that break naive URL and DSN parsing: `/`, `@`, `:`, `%`. */
const URL_PASSWORD = fc.stringMatching(/^[A-Za-z0-9/@:%!$*+=~_.-]{6,24}$/).filter((pw) => /[A-Za-z0-9]{3}/.test(pw));
/** Values of `key=value` parameters and flags: anything but separators and quotes. */
const PARAM_VALUE = fc.stringMatching(/^[A-Za-z0-9/@:%!$*+=~_.-]{6,24}$/).filter((pw) => /[A-Za-z0-9]{3}/.test(pw));
const HOST = fc.stringMatching(/^[a-z][a-z0-9-]{1,10}(\.[a-z][a-z0-9-]{1,10}){1,3}$/);
const USER = fc.stringMatching(/^[a-z][a-z0-9_]{1,10}$/);
const CREDENTIAL_NAME = fc.constantFrom('DB_PASSWORD', 'STRIPE_KEY', 'JWT_KEY', 'LICENSE_KEY', 'API_TOKEN', 'CLIENT_SECRET', 'AWS_SECRET_ACCESS_KEY', 'db-pass', 'apiKey');
const FLAG_NAME = fc.constantFrom('api-key', 'db-password', 'token', 'client-secret', 'auth-token');

/**
 * A credential-shaped string holding `secret` exactly once, and the secret to look for. A secret that
 * also spells part of the host or user name (`uments` in `aa:uments@tcp(auments.a0:3306)`) is left
 * out: the host is not a secret, and redacting it is not what these properties are about.
 */
const CREDENTIAL_SHAPES = fc.oneof(
  fc.record({ user: USER, secret: URL_PASSWORD, host: HOST, scheme: fc.constantFrom('https', 'amqp', 'postgres', 'redis', 'mongodb+srv') })
    .map(({ user, secret, host, scheme }) => ({ text: `${scheme}://${user}:${secret}@${host}:5432/db`, secret })),
  fc.record({ user: USER, secret: URL_PASSWORD, host: HOST }).map(({ user, secret, host }) => ({ text: `${user}:${secret}@tcp(${host}:3306)/orders`, secret })),
  fc.record({ secret: PARAM_VALUE, host: HOST }).map(({ secret, host }) => ({ text: `jdbc:mysql://${host}/db?user=app&password=${secret}`, secret })),
  fc.record({ secret: PARAM_VALUE, host: HOST }).map(({ secret, host }) => ({ text: `jdbc:postgresql://${host}:5432/db;user=app;password=${secret}`, secret })),
  fc.record({ secret: fc.stringMatching(/^[a-f0-9]{32}$/), host: HOST }).map(({ secret, host }) => ({ text: `https://${secret}@${host}/42`, secret })),
  fc.record({ flag: FLAG_NAME, secret: PARAM_VALUE }).map(({ flag, secret }) => ({ text: `--${flag}=${secret}`, secret })),
  fc.record({ flag: FLAG_NAME, secret: PARAM_VALUE.filter((v) => !v.startsWith('-')) }).map(({ flag, secret }) => ({ text: `serve --${flag} ${secret} --port 8080`, secret })),
  fc.record({ secret: PARAM_VALUE }).map(({ secret }) => ({ text: `-Xmx1g -Dspring.datasource.password=${secret} -Dfile.encoding=UTF-8`, secret })),
  fc.record({ name: CREDENTIAL_NAME, secret: PARAM_VALUE }).map(({ name, secret }) => ({ text: `${name}=${secret}`, secret })),
  fc.record({ secret: PARAM_VALUE.filter((v) => !v.includes('\\')) }).map(({ secret }) => ({ text: JSON.stringify({ client_id: 'shop', client_secret: secret }), secret })),
  fc.record({ secret: PARAM_VALUE, host: HOST }).map(({ secret, host }) => ({ text: `https://${host}/hook?access_token=${secret}&v=2`, secret })),
).filter(({ text, secret }) => text.indexOf(secret) === text.lastIndexOf(secret));

/** Values that are not credentials: host names, ports, image references, plain URLs. */
const PLAIN_VALUES = fc.oneof(
  HOST,
  fc.integer({ min: 1, max: 65535 }).map(String),
  fc.record({ host: HOST, port: fc.integer({ min: 1, max: 65535 }) }).map(({ host, port }) => `${host}:${port}`),
  fc.record({ host: HOST, path: fc.stringMatching(/^[a-z0-9/-]{0,20}$/), scheme: fc.constantFrom('https', 'http', 'grpc', 'postgres') })
    .map(({ host, path, scheme }) => `${scheme}://${host}/${path}`),
  fc.record({ host: HOST, repo: USER, tag: fc.stringMatching(/^[0-9]\.[0-9]{1,2}\.[0-9]{1,2}(-[a-f0-9]{7})?$/) }).map(({ host, repo, tag }) => `${host}/${repo}:${tag}`),
  fc.record({ host: HOST, repo: USER, digest: fc.stringMatching(/^[a-f0-9]{64}$/) }).map(({ host, repo, digest }) => `${host}/${repo}@sha256:${digest}`),
  fc.constantFrom('info', 'debug', 'true', 'false', '100m', '1Gi', 'ReadWriteOnce', 'stun:stun.example.com:19302'),
);

function resultWith(values: Record<string, unknown>, message: string): AuditResult {
  const finding: Finding = {
    id: 'f1',
    code: 'VALUE_DRIFT',
    severity: 'error',
    blocking: true,
    service: 'shop',
    envs: ['staging', 'production'],
    resource: { apiVersion: 'v1', kind: 'ConfigMap', name: 'app' },
    path: 'data.SETTING',
    values,
    message,
    allowed: null,
    source: null,
  };
  return {
    schemaVersion: 1,
    tool: { name: 'parity', version: '0.0.0' },
    renderer: { name: 'kubectl', path: '/usr/bin/kubectl', version: 'v5.5.0' },
    services: [{ name: 'shop', envs: ['staging', 'production'] }],
    pairs: [['staging', 'production']],
    findings: [finding],
    errors: [],
    summary: { services: 1, renders: 2, findings: 1, blocking: 1, allowed: 0 },
  } as AuditResult;
}

describe('property: no credential-shaped value survives', () => {
  afterEach(() => forgetSecrets());

  it('the shape masker hides the secret of every generated credential shape', () => {
    fc.assert(
      fc.property(CREDENTIAL_SHAPES, ({ text, secret }) => {
        expect(maskShapes(`value ${text} end`)).not.toContain(secret);
        expect(scrubString(text)).not.toContain(secret);
      }),
      { numRuns: 400 },
    );
  });

  it('every formatter drops the secret of a generated credential shape found in a finding', () => {
    fc.assert(
      fc.property(CREDENTIAL_SHAPES, fc.constantFrom(...FORMATS), ({ text, secret }, format) => {
        // A secret that spells a word the report prints anyway (`proper` in `property`) proves nothing.
        const withoutSecret = text.replaceAll(secret, 'S3CR3T');
        fc.pre(!formatResult(resultWith({ staging: withoutSecret, production: `${withoutSecret}x` }, withoutSecret), format, { color: false }).includes(secret));
        const result = resultWith({ staging: text, production: `${text}x` }, `\`data.SETTING\` differs: staging has ${JSON.stringify(text)}.`);
        expect(formatResult(result, format, { color: false })).not.toContain(secret);
      }),
      { numRuns: 300 },
    );
  });

  it('structural redaction hides generated credentials under credential env names and after bare flags', () => {
    fc.assert(
      // A value that reads as a variable reference (`$DB_PASS`) is masked but is not a secret to remember.
      fc.property(CREDENTIAL_NAME, PARAM_VALUE.filter((v) => !/^--?[A-Za-z][\w.-]*(=.*)?$/.test(v) && !isReferenceOnly(v)), FLAG_NAME, (name, secret, flag) => {
        const object: K8sObject = {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'app' },
          spec: { containers: [{ name: 'app', args: [`--${flag}`, secret], env: [{ name, value: secret }] }] },
        };
        const hidden: string[] = [];
        expect(JSON.stringify(redactObject(object, hidden))).not.toContain(secret);
        expect(hidden).toContain(secret);
      }),
      { numRuns: 300 },
    );
  });
});

describe('property: redaction leaves what is not a credential alone', () => {
  it('plain host names, ports, URLs and image references pass the scrubbers unchanged', () => {
    fc.assert(
      fc.property(PLAIN_VALUES, (value) => {
        expect(scrubString(value)).toBe(value);
        expect(scrubText(value)).toBe(value);
        const object: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { ENDPOINT: value, IMAGE: value, PORT: value } };
        expect(redactObject(object)).toEqual(object);
      }),
      { numRuns: 400 },
    );
  });

  it('findings holding plain values read the same in every format after scrubbing', () => {
    fc.assert(
      fc.property(PLAIN_VALUES, PLAIN_VALUES, (left, right) => {
        const result = resultWith({ staging: left, production: right }, 'message');
        const json = JSON.parse(formatResult(result, 'json', { color: false })) as AuditResult;
        expect(json.findings[0]!.values).toEqual({ staging: left, production: right });
      }),
      { numRuns: 300 },
    );
  });
});
