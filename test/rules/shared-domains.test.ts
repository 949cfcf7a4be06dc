import { describe, expect, it } from 'vitest';
import { envCandidates, sharedRegistrableDomains } from '../../src/rules/index.js';
import type { Candidate, K8sObject } from '../../src/types.js';
import { envResources } from './helpers.js';
import { argsOf } from '../support/args.js';

const CHAIN = [
  { env: 'dev', tokens: ['dev', 'development'] },
  { env: 'staging', tokens: ['staging', 'stage', 'stg'] },
  { env: 'production', tokens: ['production', 'prod', 'prd'] },
];

const config = (data: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' }, data });

function scan(env: string, data: Record<string, string>, sharedDomains: ReadonlySet<string>): Candidate[] {
  return envCandidates({
    service: 'web',
    env: envResources(env, [config(data)], 'web'),
    chainEnvs: CHAIN,
    tokens: CHAIN.find((entry) => entry.env === env)!.tokens,
    sharedDomains,
    policy: { endpoints: [] },
  });
}

describe('registrable domains every environment shares', () => {
  const sso = { SSO_URL: 'https://sso.stage-corp.com/auth' };

  it('are shared only when three environments or more all use them', () => {
    const three = ['dev', 'staging', 'production'].map((env) => envResources(env, [config(sso)], 'web'));
    expect([...sharedRegistrableDomains(three)]).toEqual(['stage-corp.com']);
    expect([...sharedRegistrableDomains(three.slice(1))]).toEqual([]);
    const oneDiffers = [...three.slice(0, 2), envResources('production', [config({ SSO_URL: 'https://sso.other.com' })], 'web')];
    expect([...sharedRegistrableDomains(oneDiffers)]).toEqual([]);
  });

  it('name no environment; the same host without the shared domain still does', () => {
    expect(scan('production', sso, new Set(['stage-corp.com']))).toEqual([]);
    expect(scan('production', sso, new Set()).map((c) => argsOf(c).referencedEnv)).toEqual(['staging']);
  });

  it('leave an environment label in front of the shared domain a reference', () => {
    const found = scan('production', { DB_HOST: 'db.staging.stage-corp.com' }, new Set(['stage-corp.com']));
    expect(found.map((c) => argsOf(c).referencedEnv)).toEqual(['staging']);
  });

  it('a top-level domain never names an environment, a label before it does', () => {
    expect(scan('production', { API_URL: 'https://api.example.dev/v2' }, new Set())).toEqual([]);
    expect(scan('production', { API_URL: 'https://api.dev.example.dev/v2' }, new Set()).map((c) => argsOf(c).referencedEnv)).toEqual(['dev']);
    expect(scan('production', { KAFKA: 'kafka-0.dev:9092' }, new Set()).map((c) => argsOf(c).referencedEnv)).toEqual(['dev']);
  });

  it('Let’s Encrypt’s staging directory names no environment before production, and staging in production', () => {
    const acme = { ACME_URL: 'https://acme-staging-v02.api.letsencrypt.org/directory' };
    expect(scan('dev', acme, new Set())).toEqual([]);
    expect(scan('production', acme, new Set(['letsencrypt.org'])).map((c) => argsOf(c).referencedEnv)).toEqual(['staging']);
  });
});
