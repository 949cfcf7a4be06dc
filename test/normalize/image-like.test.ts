import { describe, expect, it } from 'vitest';
import { diffResources } from '../../src/diff/diff-resources.js';
import { envTokens } from '../../src/normalize/env-tokens.js';
import { fieldValuesEquivalent } from '../../src/normalize/equivalence.js';
import { isImageReference, looksLikeImageRef } from '../../src/normalize/image-like.js';
import type { K8sObject } from '../../src/types.js';

const tokens = { left: envTokens('dev'), right: envTokens('test') };
const IMAGE = ['spec', 'template', 'spec', 'containers', '[name=app]', 'image'];

describe('image references and environment tokens', () => {
  it.each([
    ['ghcr.io/shop/api:dev', true],
    ['localhost:5000/team/app:test', true],
    ['team/app@sha256:0123456789abcdef0123456789abcdef', true],
    ['shop/api', false],
    ['https://ghcr.io/shop/api:dev', false],
    ['db.dev.internal:5432', false],
    ['db.dev.internal:5432/orders', false],
    ['postgres://db.dev.internal:5432/orders', false],
    ['dev', false],
  ])('%s reads like an image reference: %s', (value, expected) => {
    expect(looksLikeImageRef(value)).toBe(expected);
  });

  it('never equates two tags that are environment names, at an image path or in an image-looking value', () => {
    expect(fieldValuesEquivalent(IMAGE, 'shop/api:dev', 'shop/api:test', tokens)).toBe(false);
    expect(fieldValuesEquivalent(['data', 'WORKER_IMAGE'], 'ghcr.io/shop/worker:dev', 'ghcr.io/shop/worker:test', tokens)).toBe(false);
    expect(fieldValuesEquivalent(IMAGE, 'ghcr.io/shop/api:1.2', 'ghcr.io/shop/api:1.2', tokens)).toBe(true);
  });

  it('still equates addresses that differ by environment token', () => {
    expect(isImageReference(['data', 'DB_HOST'], 'db.dev.internal:5432', 'db.test.internal:5432')).toBe(false);
    expect(fieldValuesEquivalent(['data', 'DB_HOST'], 'db.dev.internal:5432', 'db.test.internal:5432', tokens)).toBe(true);
  });

  it('lets the diff list an image whose tags are two environment names', () => {
    const deployment = (tag: string): K8sObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api' },
      spec: { template: { spec: { containers: [{ name: 'app', image: `ghcr.io/shop/api:${tag}` }] } } },
    });
    const differences = diffResources(deployment('dev'), deployment('test'), { tokens });
    expect(differences.map((d) => [d.path, d.left, d.right])).toEqual([
      ['spec.template.spec.containers[name=app].image', 'ghcr.io/shop/api:dev', 'ghcr.io/shop/api:test'],
    ]);
  });
});
