import { describe, expect, it } from 'vitest';
import { resolvePairs } from '../../src/discover/resolve-pairs.js';
import { ConfigError } from '../../src/errors.js';

const envs = ['dev', 'staging', 'production'];

describe('resolvePairs', () => {
  it('chain compares neighbours in promotion order', () => {
    expect(resolvePairs(envs, 'chain')).toEqual([['dev', 'staging'], ['staging', 'production']]);
  });

  it('all compares every ordered pair', () => {
    expect(resolvePairs(envs, 'all')).toEqual([['dev', 'staging'], ['dev', 'production'], ['staging', 'production']]);
  });

  it('a single environment has no pairs', () => {
    expect(resolvePairs(['dev'], 'chain')).toEqual([]);
    expect(resolvePairs(['dev'], 'all')).toEqual([]);
  });

  it('takes explicit pairs as written, without duplicates', () => {
    expect(resolvePairs(envs, 'dev:production, staging:production,dev:production')).toEqual([
      ['dev', 'production'],
      ['staging', 'production'],
    ]);
  });

  it.each([
    ['dev:qa', "unknown env 'qa' in pair 'dev:qa' (known: dev, staging, production)"],
    ['dev', "invalid pair 'dev': expected chain, all, or ENV:ENV[,ENV:ENV]"],
    ['dev:staging:production', "invalid pair 'dev:staging:production': expected chain, all, or ENV:ENV[,ENV:ENV]"],
    ['dev:dev', "invalid pair 'dev:dev': an environment cannot be compared with itself"],
    ['', "invalid pair '': expected chain, all, or ENV:ENV[,ENV:ENV]"],
  ])('rejects %s', (spec, message) => {
    expect(() => resolvePairs(envs, spec)).toThrow(ConfigError);
    expect(() => resolvePairs(envs, spec)).toThrow(message);
  });
});
