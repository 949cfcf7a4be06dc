import { describe, expect, it } from 'vitest';
import { matchResources } from '../../src/match/match-resources.js';
import { envTokens } from '../../src/normalize/env-tokens.js';
import type { NormalizedResource, ResourcePair } from '../../src/types.js';

function resource(kind: string, name: string, apiVersion = 'v1'): NormalizedResource {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  return {
    key: `${group}/${kind}/${name}`,
    group,
    kind,
    apiVersion,
    name,
    renderedName: name,
    object: { apiVersion, kind, metadata: { name } },
  };
}

function summary(pairs: ResourcePair[]): Array<[string, string | null, string | null]> {
  return pairs.map((pair) => [pair.key, pair.left?.name ?? null, pair.right?.name ?? null]);
}

const devToProd = { left: envTokens('dev'), right: envTokens('production') };
const stagingToProd = { left: envTokens('staging'), right: envTokens('production') };

describe('matchResources', () => {
  it('pairs exact keys and leaves the rest unpaired, sorted by key', () => {
    const left = [resource('Service', 'api'), resource('ConfigMap', 'only-left')];
    const right = [resource('ConfigMap', 'only-right'), resource('Service', 'api')];
    expect(summary(matchResources(left, right, devToProd))).toEqual([
      ['/ConfigMap/only-left', 'only-left', null],
      ['/ConfigMap/only-right', null, 'only-right'],
      ['/Service/api', 'api', 'api'],
    ]);
  });

  it('pairs leftovers by token-normalized name, with aliases (dev ↔ prod)', () => {
    const left = [resource('ServiceAccount', 'foo-ksa-dev')];
    const right = [resource('ServiceAccount', 'foo-ksa-prod')];
    expect(summary(matchResources(left, right, devToProd))).toEqual([['/ServiceAccount/foo-ksa-dev', 'foo-ksa-dev', 'foo-ksa-prod']]);
  });

  it('pairs x-staging and x-production present in both envs each with itself', () => {
    const both = () => [resource('ConfigMap', 'x-staging'), resource('ConfigMap', 'x-production')];
    expect(summary(matchResources(both(), both(), stagingToProd))).toEqual([
      ['/ConfigMap/x-production', 'x-production', 'x-production'],
      ['/ConfigMap/x-staging', 'x-staging', 'x-staging'],
    ]);
  });

  it('pairs only within the same group and kind', () => {
    const left = [resource('ConfigMap', 'db-staging')];
    const right = [resource('Secret', 'db-production')];
    expect(summary(matchResources(left, right, stagingToProd))).toEqual([
      ['/ConfigMap/db-staging', 'db-staging', null],
      ['/Secret/db-production', null, 'db-production'],
    ]);
    const apps = [resource('Deployment', 'api-staging', 'apps/v1')];
    const extensions = [resource('Deployment', 'api-production', 'extensions/v1beta1')];
    expect(matchResources(apps, extensions, stagingToProd).every((pair) => !pair.left || !pair.right)).toBe(true);
  });

  it('leaves ambiguous leftovers unpaired', () => {
    const left = [resource('ConfigMap', 'cfg-stage'), resource('ConfigMap', 'cfg-stg')];
    const right = [resource('ConfigMap', 'cfg-prod')];
    expect(summary(matchResources(left, right, stagingToProd))).toEqual([
      ['/ConfigMap/cfg-prod', null, 'cfg-prod'],
      ['/ConfigMap/cfg-stage', 'cfg-stage', null],
      ['/ConfigMap/cfg-stg', 'cfg-stg', null],
    ]);
  });

  it('does not pair names that only contain an env name inside a word', () => {
    const left = [resource('ConfigMap', 'staging2')];
    const right = [resource('ConfigMap', 'production2')];
    expect(matchResources(left, right, stagingToProd)).toHaveLength(2);
  });

  it('prefers an exact match over a token match', () => {
    const left = [resource('ConfigMap', 'x-staging'), resource('ConfigMap', 'y-staging')];
    const right = [resource('ConfigMap', 'x-staging'), resource('ConfigMap', 'x-production')];
    expect(summary(matchResources(left, right, stagingToProd))).toEqual([
      ['/ConfigMap/x-production', null, 'x-production'],
      ['/ConfigMap/x-staging', 'x-staging', 'x-staging'],
      ['/ConfigMap/y-staging', 'y-staging', null],
    ]);
  });

  it('is deterministic whatever the input order', () => {
    const left = [resource('Service', 'b'), resource('Service', 'a-dev'), resource('Service', 'c')];
    const right = [resource('Service', 'c'), resource('Service', 'a-production'), resource('Service', 'b')];
    const once = summary(matchResources(left, right, devToProd));
    expect(summary(matchResources([...left].reverse(), [...right].reverse(), devToProd))).toEqual(once);
    expect(once.map(([key]) => key)).toEqual(['/Service/a-dev', '/Service/b', '/Service/c']);
  });
});
