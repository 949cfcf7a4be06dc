import { describe, expect, it } from 'vitest';
import { pairCandidates } from '../../src/rules/index.js';
import { isSopsCiphertext, isSopsEncrypted } from '../../src/rules/sops.js';
import type { K8sObject } from '../../src/types.js';
import { deployment, pairContext } from './helpers.js';

const enc = (data: string) => `ENC[AES256_GCM,data:${data},iv:aXY=,tag:dGFn,type:str]`;
const SHARED = enc('c2FtZQ==');

function sopsMeta(env: string) {
  return {
    age: [{ recipient: `age1${env}`, enc: `-----BEGIN AGE ENCRYPTED FILE-----\n${env}\n-----END AGE ENCRYPTED FILE-----\n` }],
    lastmodified: `2026-05-0${env.length}T00:00:00Z`,
    mac: enc(`mac-${env}`),
    version: '3.9.4',
  };
}

function sopsObject(kind: 'Secret' | 'ConfigMap', env: string, values: Record<string, string>): K8sObject {
  const field = kind === 'Secret' ? 'stringData' : 'data';
  return { apiVersion: 'v1', kind, metadata: { name: 'app' }, [field]: values, sops: sopsMeta(env) };
}

const codes = (left: K8sObject[], right: K8sObject[]) =>
  pairCandidates(pairContext({ env: 'staging', objects: left }, { env: 'production', objects: right }))
    .map((c) => `${c.code} ${c.resource?.kind} ${c.path ?? '-'}`);

describe('SOPS recognition', () => {
  it('knows ciphertext and encrypted objects', () => {
    expect(isSopsCiphertext(enc('YWJj'))).toBe(true);
    expect(isSopsCiphertext('ENC[not sops]')).toBe(false);
    expect(isSopsCiphertext('plain')).toBe(false);
    expect(isSopsEncrypted({ sops: { mac: 'x' } })).toBe(true);
    expect(isSopsEncrypted({ sops: { enable: true } })).toBe(false);
    expect(isSopsEncrypted({ spec: {} })).toBe(false);
  });
});

describe('SOPS-encrypted Secrets and YAML', () => {
  it('are the same when only metadata and ciphertext differ, even for identical ciphertext', () => {
    const values = (env: string) => ({ PASSWORD: enc(`pw-${env}`), API_KEY: SHARED });
    expect(codes([sopsObject('Secret', 'staging', values('s'))], [sopsObject('Secret', 'production', values('p'))])).toEqual([]);
    expect(codes([sopsObject('ConfigMap', 'staging', values('s'))], [sopsObject('ConfigMap', 'production', values('p'))])).toEqual([]);
  });

  it('report a key one side alone holds as SECRET_DRIFT, without its value', () => {
    const left = sopsObject('ConfigMap', 'staging', { A: enc('a'), B: enc('b') });
    const right = sopsObject('ConfigMap', 'production', { A: enc('c'), C: enc('d') });
    const found = pairCandidates(pairContext({ env: 'staging', objects: [left] }, { env: 'production', objects: [right] }));
    expect(found.map((c) => [c.code, c.path, c.values])).toEqual([
      ['SECRET_DRIFT', 'data.B', { staging: '<redacted>' }],
      ['SECRET_DRIFT', 'data.C', { production: '<redacted>' }],
    ]);
    expect(JSON.stringify(found)).not.toContain('ENC[');
  });

  it('still compare plain fields of an encrypted object', () => {
    const left = { ...sopsObject('ConfigMap', 'staging', { A: enc('a') }), metadata: { name: 'app', labels: { tier: 'a' } } };
    const right = { ...sopsObject('ConfigMap', 'production', { A: enc('b') }), metadata: { name: 'app', labels: { tier: 'b' } } };
    expect(codes([left], [right])).toEqual(['VALUE_DRIFT ConfigMap metadata.labels.tier']);
  });

  it('leave the sops field of an unencrypted object and plaintext reuse to the other rules', () => {
    const helm = (enable: boolean): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' }, sops: { enable } });
    expect(codes([helm(true)], [helm(false)])).toEqual(['VALUE_DRIFT ConfigMap sops.enable']);
    const app = deployment('app', { env: [{ name: 'DB_PASSWORD', value: 'same-plaintext' }] });
    expect(codes([app], [structuredClone(app)])).toEqual([
      'SECRET_REUSED Deployment spec.template.spec.containers[name=app].env[name=DB_PASSWORD].value',
    ]);
  });
});
