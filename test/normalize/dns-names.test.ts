import { describe, expect, it } from 'vitest';
import { findDnsNames, isTopLevelLabel, maskSharedDomains, registrableDomain } from '../../src/normalize/dns-names.js';
import { envTokens, findEnvTokens, replaceEnvTokens } from '../../src/normalize/env-tokens.js';
import { valuesEquivalent } from '../../src/normalize/equivalence.js';

const at = (value: string, label: string) => {
  const start = value.lastIndexOf(label);
  return isTopLevelLabel(value, start, start + label.length);
};

describe('isTopLevelLabel', () => {
  it('is the last label of a name of three labels or more', () => {
    expect(at('api.example.dev', 'dev')).toBe(true);
    expect(at('https://api.example.dev:443/login', 'dev')).toBe(true);
    expect(at('user@sftp.example.dev', 'dev')).toBe(true);
    expect(at('a.b.example.dev/x', 'dev')).toBe(true);
  });

  it('is not a label followed by more of the name, a two-label service.namespace, or a path part', () => {
    expect(at('db.staging.internal', 'staging')).toBe(false);
    expect(at('api.dev.example.com', 'dev')).toBe(false);
    expect(at('kafka-0.dev:9092', 'dev')).toBe(false);
    expect(at('redis.staging', 'staging')).toBe(false);
    expect(at('https://status.example.com/stage', 'stage')).toBe(false);
    expect(at('api.example.dev-eu', 'dev')).toBe(false);
    expect(at('dev', 'dev')).toBe(false);
  });
});

describe('environment tokens never read a top-level domain', () => {
  const dev = envTokens('dev');
  const production = envTokens('production');

  it('leaves the TLD as written when replacing and finding tokens', () => {
    expect(replaceEnvTokens('https://auth.example.dev/realms/dev', dev)).toBe('https://auth.example.dev/realms/{env}');
    expect(findEnvTokens('api.example.dev', dev)).toEqual([]);
    expect(findEnvTokens('api.dev.example.dev', dev)).toEqual(['dev']);
  });

  it('does not make two different domains equal through their TLDs', () => {
    expect(valuesEquivalent('api.example.dev', 'api.example.prod', dev, production)).toBe(false);
    expect(valuesEquivalent('api.dev.example.com', 'api.prod.example.com', dev, production)).toBe(true);
  });
});

describe('registrable domains', () => {
  it('are the last two labels, three under a country code second level', () => {
    expect(registrableDomain('api.eu.Example.com')).toBe('example.com');
    expect(registrableDomain('a.example.co.uk')).toBe('example.co.uk');
    expect(registrableDomain('example.dev')).toBe('example.dev');
  });

  it('are found in texts and masked when shared', () => {
    expect(findDnsNames('postgres://db.example.dev:5432/x and redis.staging').map((found) => found.name))
      .toEqual(['db.example.dev', 'redis.staging']);
    expect(maskSharedDomains('https://sso.corp-staging.com/x', new Set(['corp-staging.com']))).toBe('https://sso.________________/x');
    expect(maskSharedDomains('https://sso.corp-staging.com/x', new Set(['other.com']))).toBe('https://sso.corp-staging.com/x');
  });
});
