import { describe, expect, it } from 'vitest';
import { envTokens } from '../../src/normalize/env-tokens.js';
import { fieldValuesEquivalent, valuesEquivalent } from '../../src/normalize/equivalence.js';

const staging = envTokens('staging', 'ecommerce-staging');
const production = envTokens('production', 'ecommerce-production');
const tokens = { left: staging, right: production };

describe('valuesEquivalent', () => {
  it('treats identical raw values as equal, whatever they hold', () => {
    expect(valuesEquivalent('db.staging.internal', 'db.staging.internal', staging, production)).toBe(true);
    expect(valuesEquivalent(3, 3, staging, production)).toBe(true);
    expect(valuesEquivalent(null, null, staging, production)).toBe(true);
  });

  it('equates strings that differ only by each side\'s env tokens', () => {
    expect(valuesEquivalent('db.staging.internal', 'db.production.internal', staging, production)).toBe(true);
    expect(valuesEquivalent('helloweb-staging', 'helloweb-production', staging, production)).toBe(true);
    expect(valuesEquivalent('api.ecommerce-staging.svc', 'api.ecommerce-production.svc', staging, production)).toBe(true);
    expect(valuesEquivalent('db.stg.internal', 'db.prod.internal', staging, production)).toBe(true);
  });

  it('keeps real differences', () => {
    expect(valuesEquivalent('staging2', 'production2', staging, production)).toBe(false);
    expect(valuesEquivalent('https://sandbox.processor.example', 'https://api.processor.example', staging, production)).toBe(false);
    expect(valuesEquivalent('3', 3, staging, production)).toBe(false);
  });

  it('does not equate a value that names the other environment', () => {
    // staging pointing at production's database is not "the same" as production pointing at its own.
    expect(valuesEquivalent('db.production.internal', 'db.staging.internal', staging, production)).toBe(false);
  });

  it('compares a config file line by line: a line written alike is alike, even when it lists several environments', () => {
    const settings = (env: string, alias: string) =>
      `# possible values : production, development, staging, qa\napp_mode = ${env}\n\n[security]\ncertificates = /etc/ssl/${alias}\n[paypal]\npaypal_url = https://${alias}.paypal.example.com\n`;
    expect(valuesEquivalent(settings('staging', 'staging'), settings('production', 'prod'), staging, production)).toBe(true);
    const qa = envTokens('qa', 'qa');
    expect(valuesEquivalent(settings('qa', 'qa'), settings('staging', 'staging'), qa, staging)).toBe(true);
  });

  it('keeps a config file line that differs by more than the environment, and a line added or removed', () => {
    const base = '# one of: staging, production\nendpoint = https://db.staging.internal\n';
    expect(valuesEquivalent(base, '# one of: staging, production\nendpoint = https://db.staging.internal\n', staging, production)).toBe(true);
    expect(valuesEquivalent(base, '# one of: staging, production\nendpoint = https://db.production.internal\n', staging, production)).toBe(true);
    expect(valuesEquivalent(base, '# one of: staging, production\nendpoint = https://replica.production.internal\n', staging, production)).toBe(false);
    // staging's file pointing at production's database is no difference "by construction".
    expect(valuesEquivalent('endpoint = db.production\nx = 1', 'endpoint = db.staging\nx = 1', staging, production)).toBe(false);
    expect(valuesEquivalent(base, `${base}tls = false\n`, staging, production)).toBe(false);
  });

  it('compares objects and lists member by member', () => {
    expect(valuesEquivalent({ host: 'a.staging', ports: [1] }, { host: 'a.production', ports: [1] }, staging, production)).toBe(true);
    expect(valuesEquivalent({ host: 'a.staging' }, { host: 'a.production', extra: 1 }, staging, production)).toBe(false);
    expect(valuesEquivalent(['a'], ['a', 'b'], staging, production)).toBe(false);
  });
});

describe('fieldValuesEquivalent', () => {
  const cpu = ['spec', 'template', 'spec', 'containers', '[name=app]', 'resources', 'requests', 'cpu'];

  it('compares quantities canonically at quantity paths', () => {
    expect(fieldValuesEquivalent(cpu, '100m', '0.1', tokens)).toBe(true);
    expect(fieldValuesEquivalent(cpu, '1', 1, tokens)).toBe(true);
    expect(fieldValuesEquivalent(cpu, '100m', '200m', tokens)).toBe(false);
    expect(fieldValuesEquivalent(['spec', 'resources', 'requests', 'storage'], '1Gi', '1024Mi', tokens)).toBe(true);
  });

  it('does not read quantities elsewhere', () => {
    expect(fieldValuesEquivalent(['data', 'TIMEOUT'], '100m', '0.1', tokens)).toBe(false);
  });

  it('equates int and string ports at port paths only', () => {
    expect(fieldValuesEquivalent(['spec', 'ports', '[port=80]', 'targetPort'], 8080, '8080', tokens)).toBe(true);
    expect(fieldValuesEquivalent(['spec', 'ports', '[port=80]', 'port'], '80', 80, tokens)).toBe(true);
    expect(fieldValuesEquivalent(['x', 'service', 'port', 'number'], '80', 80, tokens)).toBe(true);
    expect(fieldValuesEquivalent(['spec', 'ports', '[port=80]', 'targetPort'], 'http', 8080, tokens)).toBe(false);
    expect(fieldValuesEquivalent(['spec', 'replicas'], '3', 3, tokens)).toBe(false);
  });
});
