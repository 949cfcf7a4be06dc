import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PromoteError } from '../../src/errors.js';
import { setValuesKey } from '../../src/bump/helm-edit.js';
import { digestKeyOf, fileLayer, settingIn, splitKey } from '../../src/bump/helm-values.js';

const FILE = 'charts/api/values-staging.yaml';

function refusal(text: string, key: string): string {
  try {
    setValuesKey(text, FILE, key, '1.2.0-ccccccc');
  } catch (error) {
    if (error instanceof PromoteError) return error.toLine();
    throw error;
  }
  throw new Error('no refusal');
}

describe('setValuesKey: one scalar of a values file', () => {
  it('moves only the bytes of the scalar, its quoting and comments kept', () => {
    const text = "# staging\nimage:   # promoted\n  repository: ghcr.io/x/api\n  tag: '1.0.0-aaaaaaa'   # the tag\nreplicas: 2\n";
    expect(setValuesKey(text, FILE, 'image.tag', '1.1.0-bbbbbbb')).toBe(text.replace("'1.0.0-aaaaaaa'", "'1.1.0-bbbbbbb'"));
  });

  it('quotes a plain tag that would read back as a number, and keeps CRLF line ends', () => {
    expect(setValuesKey('image:\n  tag: 1.0\n', FILE, 'image.tag', '1.10')).toBe('image:\n  tag: "1.10"\n');
    expect(setValuesKey('a: 1\r\nimage:\r\n  tag: v1\r\n', FILE, 'image.tag', 'v2')).toBe('a: 1\r\nimage:\r\n  tag: v2\r\n');
  });

  it('sets a key whose path holds a dot written as \\.', () => {
    const text = 'services:\n  api.v2:\n    tag: v1\n';
    expect(setValuesKey(text, FILE, 'services.api\\.v2.tag', 'v2')).toBe('services:\n  api.v2:\n    tag: v2\n');
    expect(splitKey('services.api\\.v2.tag')).toEqual(['services', 'api.v2', 'tag']);
    expect(digestKeyOf('services.api\\.v2.tag')).toBe('services.api\\.v2.digest');
  });

  it('adds an absent key after the last entry of its deepest map, creating the missing maps', () => {
    const nested = 'image:\n  repository: ghcr.io/x/api\n  pullPolicy: IfNotPresent\n# resources below\nresources: {}\n';
    expect(setValuesKey(nested, FILE, 'image.tag', 'v2')).toBe(nested.replace('IfNotPresent\n', 'IfNotPresent\n  tag: v2\n'));
    expect(setValuesKey('# production\nreplicas: 3', FILE, 'services.api.tag', 'v2')).toBe('# production\nreplicas: 3\nservices:\n  api:\n    tag: v2\n');
    expect(setValuesKey('image: {repository: ghcr.io/x/api}\n', FILE, 'image.tag', 'v2')).toBe('image: {repository: ghcr.io/x/api, tag: v2}\n');
    expect(setValuesKey('# nothing yet\n', FILE, 'image.tag', 'v2')).toBe('# nothing yet\nimage:\n  tag: v2\n');
  });

  it('adds a service tag to the ecommerce-helm staging values beneath the service entry it already has', async () => {
    const text = await readFile('fixtures/ecommerce-helm/charts/shop/values-staging.yaml', 'utf8');
    expect(setValuesKey(text, FILE, 'services.checkout-service.tag', '1.4.3-8d1e7f0')).toBe(
      text.replace('  checkout-service:\n    replicas: 2\n', '  checkout-service:\n    replicas: 2\n    tag: 1.4.3-8d1e7f0\n'),
    );
  });

  it('refuses what it cannot do byte-safely, naming the file and line', () => {
    expect(refusal('a: 1\nimage: ghcr.io/x/api:v1\n', 'image.tag')).toBe(`${FILE}:2: image is not a mapping; cannot add image.tag beneath it`);
    expect(refusal('image:\n  tag: |\n    v1\n', 'image.tag')).toBe(`${FILE}:2: image.tag is not a one-line scalar; cannot set it without rewriting more than the tag`);
    expect(refusal('image: {}\n', 'image.tag')).toBe(`${FILE}:1: cannot add image.tag to an empty flow mapping ({}) without rewriting it`);
    expect(refusal('- a\n- b\n', 'image.tag')).toBe(`${FILE}: values file is not a YAML mapping`);
  });
});

describe('settingIn: how one values input sets a key', () => {
  it('finds the key in a file with its line, and a parent a layer replaces', () => {
    const layer = fileLayer(FILE, '# x\nimage:\n  tag: v1\nsidecar: null\n', false);
    expect(settingIn(layer, 'image.tag')).toMatchObject({ value: 'v1', line: 3 });
    expect(settingIn(layer, 'sidecar.tag')).toMatchObject({ value: undefined, parent: 'sidecar', line: 4 });
    expect(settingIn(layer, 'other.tag')).toBeNull();
  });

  it('tells a --set of the key or of a parent from an unrelated one', () => {
    const declaredIn = { file: 'argocd/api.yaml', line: 7 };
    const set = (name: string) => settingIn({ kind: 'parameters', parameters: [{ name, value: 'v9' }], declaredIn }, 'image.tag');
    expect(set('image.tag')).toMatchObject({ value: 'v9' });
    expect(set('image')).toMatchObject({ parent: 'image' });
    expect(set('image.tags')).toBeNull();
  });
});
