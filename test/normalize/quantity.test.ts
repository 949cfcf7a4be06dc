import { describe, expect, it } from 'vitest';
import { canonicalQuantity, isQuantityPath, quantitiesEqual } from '../../src/normalize/quantity.js';

describe('canonicalQuantity', () => {
  it.each([
    ['100m', '0.1'],
    ['1Gi', '1024Mi'],
    ['1000m', '1'],
    ['1000m', 1],
    ['0.5Gi', '512Mi'],
    ['1e3', '1k'],
    ['1E3', '1000'],
    ['1.5', '1500m'],
    ['2Ki', 2048],
    ['1M', '1000k'],
    ['0', '0m'],
    [0.1, '100m'],
  ])('%s equals %s', (a, b) => {
    expect(canonicalQuantity(a)).not.toBeNull();
    expect(canonicalQuantity(a)).toBe(canonicalQuantity(b));
  });

  it.each([
    ['100m', '1'],
    ['1Gi', '1G'],
    ['1Mi', '1M'],
    ['1E', '1E3'],
    ['0.1', '0.10000000000000001'],
  ])('%s differs from %s', (a, b) => {
    expect(quantitiesEqual(a, b)).toBe(false);
  });

  it('rejects what is not a quantity', () => {
    expect(canonicalQuantity('abc')).toBeNull();
    expect(canonicalQuantity('1Gb')).toBeNull();
    expect(canonicalQuantity('')).toBeNull();
    expect(canonicalQuantity('.')).toBeNull();
    expect(canonicalQuantity(true)).toBeNull();
    expect(canonicalQuantity(Number.NaN)).toBeNull();
  });

  it('is exact where floating point is not', () => {
    expect(canonicalQuantity('0.3')).toBe(canonicalQuantity('300m'));
    expect(canonicalQuantity('123456789012345678901234567890')).not.toBe(canonicalQuantity('123456789012345678901234567891'));
  });
});

describe('isQuantityPath', () => {
  it.each([
    ['spec', 'template', 'spec', 'containers', '[name=app]', 'resources', 'requests', 'cpu'],
    ['spec', 'template', 'spec', 'containers', '[name=app]', 'resources', 'limits', 'memory'],
    ['spec', 'resources', 'requests', 'storage'],
    ['spec', 'hard', 'requests.memory'],
    ['spec', 'limits', '[0]', 'defaultRequest', 'cpu'],
    ['spec', 'template', 'spec', 'volumes', '[name=tmp]', 'emptyDir', 'sizeLimit'],
    ['spec', 'metrics', '[0]', 'resource', 'target', 'averageValue'],
  ])('%s… holds a quantity', (...segments) => {
    expect(isQuantityPath(segments)).toBe(true);
  });

  it.each([
    ['spec', 'replicas'],
    ['spec', 'limits', '[0]', 'type'],
    ['spec', 'template', 'spec', 'containers', '[name=app]', 'resources', 'claims', '[name=gpu]', 'name'],
    ['data', 'value'],
  ])('%s… does not', (...segments) => {
    expect(isQuantityPath(segments)).toBe(false);
  });
});
