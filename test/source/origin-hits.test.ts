import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePath } from '../../src/diff/path.js';
import { createSourceLocator, type SourceQuery } from '../../src/source/locate-source.js';
import type { ResourceOrigin, SourceLocation } from '../../src/types.js';

/**
 * The locator with a resource's origin (Kustomize's build metadata) on fixtures/build-metadata:
 * the dev overlay lists shard-0 then shard-1, whose patches both name `Deployment ingester`.
 */
const REPO = join(import.meta.dirname, '../../fixtures/build-metadata');
const SHARDS = 'apps/shards';
const SHARD_ID = 'spec.template.spec.containers[name=ingester].env[name=SHARD_ID].value';

const shardOne: ResourceOrigin = {
  sourceName: 'ingester',
  affixes: [{ prefix: 'shard-1-', suffix: '', file: `${SHARDS}/shard-1/kustomization.yaml` }],
  file: `${SHARDS}/base/deployment.yaml`,
  transformedIn: [`${SHARDS}/overlays/dev/kustomization.yaml`, `${SHARDS}/shard-1/kustomization.yaml`],
  patchedIn: [`${SHARDS}/shard-1/kustomization.yaml`],
};

function devQuery(path: string, origin?: ResourceOrigin): SourceQuery {
  return {
    chainFiles: [`${SHARDS}/overlays/dev/kustomization.yaml`, `${SHARDS}/shard-0/kustomization.yaml`, `${SHARDS}/base/kustomization.yaml`, `${SHARDS}/shard-1/kustomization.yaml`],
    overlayDir: `${SHARDS}/overlays/dev`,
    resource: { kind: 'Deployment', name: 'ingester' },
    segments: path === '' ? [] : parsePath(path),
    ...(origin ? { origin } : {}),
  };
}

function lineOf(location: SourceLocation): string {
  return readFileSync(join(REPO, location.file), 'utf8').split('\n')[location.line! - 1]!.trim();
}

describe('createSourceLocator with build-metadata origins', () => {
  const locator = createSourceLocator(REPO);

  it('cites a value at the patch of the kustomization that patched this object, not of its sibling', () => {
    const location = locator.locate(devQuery(SHARD_ID, shardOne));
    expect(location).toEqual({ file: `${SHARDS}/shard-1/shard-id.yaml`, line: 12 });
    expect(lineOf(location)).toBe('value: "1"');
    // Without the origin the chain is searched in order and the sibling's patch comes first.
    expect(locator.locate(devQuery(SHARD_ID)).file).toBe(`${SHARDS}/shard-0/shard-id.yaml`);
  });

  it('cites a whole resource at the metadata.name line of its own document', () => {
    const location = locator.locate(devQuery('', shardOne));
    expect(location).toEqual({ file: `${SHARDS}/base/deployment.yaml`, line: 4 });
    expect(lineOf(location)).toBe('name: ingester');
  });

  it('cites a generated resource at its generator entry', () => {
    const generated: ResourceOrigin = {
      ...shardOne,
      sourceName: 'shard-config',
      generator: { kind: 'ConfigMapGenerator', file: `${SHARDS}/base/kustomization.yaml` },
    };
    delete generated.file;
    const location = locator.locate({ ...devQuery('', generated), resource: { kind: 'ConfigMap', name: 'shard-config' } });
    expect(location).toEqual({ file: `${SHARDS}/base/kustomization.yaml`, line: 5 });
    expect(lineOf(location)).toBe('- name: shard-config');
  });

  it('falls back to the chain when the origin file no longer declares the resource', () => {
    const moved: ResourceOrigin = { ...shardOne, file: `${SHARDS}/base/service.yaml` };
    expect(locator.locate(devQuery('', moved)).file).not.toBe(`${SHARDS}/base/service.yaml`);
  });
});
