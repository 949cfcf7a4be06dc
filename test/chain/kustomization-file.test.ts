import { join } from 'node:path';
import { isSeq, type Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseKustomization, type KustomizationsRead } from '../../src/chain/kustomization-file.js';
import { readChainWalk } from '../../src/chain/read-chain.js';
import { ConfigError } from '../../src/errors.js';

const ECOMMERCE = join(import.meta.dirname, '../../fixtures/ecommerce-infra');

describe('parseKustomization: one model with data and positions', () => {
  const text = ['# a comment', 'namespace: shop', 'images:', '  - name: app', '    newTag: "1.2"', ''].join('\n');
  const kustomization = parseKustomization(text, '/repo/kustomization.yaml', 'kustomization.yaml');

  it('keeps the plain data and the parsed document side by side', () => {
    expect(kustomization.data).toEqual({ namespace: 'shop', images: [{ name: 'app', newTag: '1.2' }] });
    expect(kustomization.file).toBe('kustomization.yaml');
    expect(kustomization.document?.get('namespace')).toBe('shop');
  });

  it('turns a node range into its line', () => {
    const images = kustomization.document?.get('images', true);
    const entry = isSeq(images) ? (images.items[0] as Node) : null;
    expect(kustomization.lineAt(entry?.range?.[0] ?? -1)).toBe(4);
  });

  it('rejects a non-mapping with the file named', () => {
    expect(() => parseKustomization('- a\n', '/repo/k.yaml', 'k.yaml')).toThrow(ConfigError);
    expect(() => parseKustomization('- a\n', '/repo/k.yaml', 'k.yaml')).toThrow(/must be a YAML mapping/);
  });
});

describe('readChainWalk with the run\'s kustomizations', () => {
  it('parses a base two overlays share once, and hands both walks the same model', async () => {
    const read: KustomizationsRead = new Map();
    const overlay = (env: string) => join(ECOMMERCE, 'apps/inventory-service/overlays', env);
    const staging = await readChainWalk(overlay('staging'), ECOMMERCE, [], read);
    const production = await readChainWalk(overlay('production'), ECOMMERCE, [], read);
    const base = (walk: typeof staging) => walk.nodes.find((node) => node.file === 'apps/inventory-service/base/kustomization.yaml');
    expect(base(staging)).toBeDefined();
    expect(base(production)?.kustomization).toBe(base(staging)?.kustomization);
    expect([...read.values()].map((k) => k.file).sort()).toEqual([
      'apps/inventory-service/base/kustomization.yaml',
      'apps/inventory-service/overlays/production/kustomization.yaml',
      'apps/inventory-service/overlays/staging/kustomization.yaml',
    ]);
  });
});
