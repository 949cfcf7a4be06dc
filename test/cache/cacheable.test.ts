import { describe, expect, it } from 'vitest';
import { candidatesHoldNoCredential, holdsNoCredential } from '../../src/cache/cacheable.js';
import type { Candidate, K8sObject } from '../../src/types.js';

const configMap = (data: Record<string, string>): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data });
const deployment = (env: Array<{ name: string; value: string }>): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec: { template: { spec: { containers: [{ name: 'd', image: 'x:1', env }] } } },
});

describe('what may be cached', () => {
  it('plain renders may; any credential-shaped value forbids the whole render', () => {
    expect(holdsNoCredential([configMap({ MODE: 'a', URL: 'https://example.com/x' }), deployment([{ name: 'MODE', value: 'a' }])])).toBe(true);
    expect(holdsNoCredential([configMap({ MODE: 'a' }), configMap({ DB_PASSWORD: 'hunter2' })])).toBe(false);
    expect(holdsNoCredential([deployment([{ name: 'API_TOKEN', value: 't0ken' }])])).toBe(false);
    expect(holdsNoCredential([configMap({ URL: 'postgres://app:pw@db:5432/app' })])).toBe(false);
    expect(holdsNoCredential([configMap({ 'app.properties': 'level=info\npassword=hunter2\n' })])).toBe(false);
    expect(holdsNoCredential([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { key: 'dmFsdWU=' } }])).toBe(false);
  });

  it('candidates may only when no value or argument is credential-shaped', () => {
    const candidate = (values: Record<string, unknown>, segments = ['data', 'MODE'], applications?: Record<string, string>): Candidate => ({
      code: 'VALUE_DRIFT',
      service: 's',
      envs: ['a', 'b'],
      resource: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c' },
      path: segments.join('.'),
      segments,
      values,
      args: applications ? { applications } : {},
    });
    expect(candidatesHoldNoCredential([candidate({ a: 'x', b: 'y' })])).toBe(true);
    expect(candidatesHoldNoCredential([candidate({ a: 'x', b: 'y' }, ['data', 'DB_PASSWORD'])])).toBe(false);
    expect(candidatesHoldNoCredential([candidate({ a: 'https://u:pw@h/x', b: 'y' })])).toBe(false);
    expect(candidatesHoldNoCredential([candidate({ a: 'x', b: 'y' }, ['data', 'MODE'], { a: 'https://u:pw@h/x' })])).toBe(false);
  });
});
