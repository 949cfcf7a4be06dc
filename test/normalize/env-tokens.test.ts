import { describe, expect, it } from 'vitest';
import { envTokens, findEnvTokens, replaceEnvTokens, tokenize } from '../../src/normalize/env-tokens.js';

describe('envTokens', () => {
  it('holds the name, the namespace and the aliases, lower-case, longest first', () => {
    expect(envTokens('Production', 'ecommerce-production')).toEqual(['ecommerce-production', 'production', 'prod', 'prd']);
    expect(envTokens('staging')).toEqual(['staging', 'stage', 'stg']);
    expect(envTokens('prod')).toEqual(['production', 'prod', 'prd']);
    expect(envTokens('stg')).toEqual(['staging', 'stage', 'stg']);
  });

  it('maps dev and development to each other, test to testing', () => {
    expect(envTokens('dev')).toEqual(['development', 'dev']);
    expect(envTokens('development')).toEqual(['development', 'dev']);
    expect(envTokens('testing')).toEqual(['testing', 'test']);
  });

  it('gives qa, uat and sandbox no aliases', () => {
    expect(envTokens('qa')).toEqual(['qa']);
    expect(envTokens('uat')).toEqual(['uat']);
    expect(envTokens('sandbox')).toEqual(['sandbox']);
  });

  it('gives a compound name the tokens of the stage it is built on, not of its region', () => {
    expect(envTokens('prod-us')).toEqual(['production', 'prod-us', 'prod', 'prd']);
    expect(envTokens('eu-prod')).toEqual(['production', 'eu-prod', 'prod', 'prd']);
    expect(envTokens('staging_eu')).toEqual(['staging_eu', 'staging', 'stage', 'stg']);
    expect(replaceEnvTokens('db.prod.internal', envTokens('prod-us'))).toBe('db.{env}.internal');
    expect(replaceEnvTokens('api-prod-us.example', envTokens('prod-us'))).toBe('api-{env}.example');
    expect(replaceEnvTokens('us-east-1', envTokens('prod-us'))).toBe('us-east-1');
  });

  it('keeps pre-prod and non-prod apart from production', () => {
    expect(envTokens('pre-prod')).toEqual(['pre-prod']);
    expect(envTokens('non-prod')).toEqual(['non-prod']);
    expect(envTokens('preprod')).toEqual(['preprod']);
  });

  it('ignores the default namespace', () => {
    expect(envTokens('qa', 'default')).toEqual(['qa']);
  });
});

describe('replaceEnvTokens', () => {
  const staging = envTokens('staging', 'ecommerce-staging');

  it('replaces whole tokens delimited by punctuation', () => {
    expect(replaceEnvTokens('db.staging.internal', staging)).toBe('db.{env}.internal');
    expect(replaceEnvTokens('helloweb-staging', staging)).toBe('helloweb-{env}');
    expect(replaceEnvTokens('stg_db/stage:5432@staging', staging)).toBe('{env}_db/{env}:5432@{env}');
    expect(replaceEnvTokens('STAGING', staging)).toBe('{env}');
  });

  it('replaces the longest token first', () => {
    expect(replaceEnvTokens('api.ecommerce-staging.svc', staging)).toBe('api.{env}.svc');
  });

  it('leaves tokens that are only part of a word', () => {
    expect(replaceEnvTokens('staging2', staging)).toBe('staging2');
    expect(replaceEnvTokens('backstage', staging)).toBe('backstage');
    expect(replaceEnvTokens('stagingdb.internal', staging)).toBe('stagingdb.internal');
  });

  it('returns the value unchanged without tokens', () => {
    expect(replaceEnvTokens('db.staging.internal', [])).toBe('db.staging.internal');
  });
});

describe('tokenize / findEnvTokens', () => {
  it('splits on non-alphanumerics', () => {
    expect(tokenize('postgres://db.Staging-2.internal:5432')).toEqual(['postgres', 'db', 'staging', '2', 'internal', '5432']);
  });

  it('finds the env tokens a value names', () => {
    expect(findEnvTokens('https://db.staging.internal/prod', envTokens('staging'))).toEqual(['staging']);
    expect(findEnvTokens('https://db.staging.internal', envTokens('production'))).toEqual([]);
  });
});
