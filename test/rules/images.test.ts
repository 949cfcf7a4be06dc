import { describe, expect, it } from 'vitest';
import { crossEnvTagCandidates } from '../../src/rules/image-rule.js';
import { parseImageRef } from '../../src/images/reference.js';
import { pairCandidates } from '../../src/rules/index.js';
import type { K8sObject } from '../../src/types.js';
import { envTokens } from '../../src/normalize/env-tokens.js';
import { envResources, pairContext } from './helpers.js';
import { argsOf } from '../support/args.js';

function withImages(containers: Record<string, string>, init: Record<string, string> = {}): K8sObject {
  const list = (images: Record<string, string>) => Object.entries(images).map(([name, image]) => ({ name, image }));
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'settle' },
    spec: { jobTemplate: { spec: { template: { spec: { containers: list(containers), initContainers: list(init) } } } } },
  };
}

function compare(left: K8sObject, right: K8sObject) {
  return pairCandidates(pairContext({ env: 'staging', objects: [left] }, { env: 'production', objects: [right] }));
}

describe('parseImageRef', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', 'latest', null],
    ['docker.io/library/nginx:1.27', 'docker.io', 'library/nginx', '1.27', null],
    ['index.docker.io/bitnami/redis:7', 'docker.io', 'bitnami/redis', '7', null],
    ['localhost:5000/team/app:dev', 'localhost:5000', 'team/app', 'dev', null],
    ['registry.example.com:8443/ns/sub/app:2.0@sha256:abc', 'registry.example.com:8443', 'ns/sub/app', '2.0', 'sha256:abc'],
    ['ghcr.io/a/b@sha256:def', 'ghcr.io', 'a/b', null, 'sha256:def'],
  ])('%s', (image, registry, repository, tag, digest) => {
    expect(parseImageRef(image)).toEqual({ registry, repository, tag, digest });
  });
});

describe('image rules', () => {
  const path = 'spec.jobTemplate.spec.template.spec.containers[name=app].image';

  it('reports another registry as IMAGE_MISMATCH with the container', () => {
    const found = compare(withImages({ app: 'ghcr.io/a/b:1' }), withImages({ app: 'registry.example.com/a/b:1' }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: 'IMAGE_MISMATCH',
      path,
      values: { staging: 'ghcr.io/a/b:1', production: 'registry.example.com/a/b:1' },
      args: { container: 'app' },
    });
  });

  it('reports another repository of an init container as IMAGE_MISMATCH', () => {
    const found = compare(withImages({ app: 'x:1' }, { migrate: 'ghcr.io/a/migrate:1' }), withImages({ app: 'x:1' }, { migrate: 'ghcr.io/a/migrator:1' }));
    expect(found.map((c) => [c.code, c.path])).toEqual([
      ['IMAGE_MISMATCH', 'spec.jobTemplate.spec.template.spec.initContainers[name=migrate].image'],
    ]);
  });

  it('leaves a tag or digest change as VALUE_DRIFT on the image path', () => {
    const tag = compare(withImages({ app: 'ghcr.io/a/b:1' }), withImages({ app: 'ghcr.io/a/b:2' }));
    expect(tag.map((c) => [c.code, c.path])).toEqual([['VALUE_DRIFT', path]]);
    const digest = compare(withImages({ app: 'ghcr.io/a/b:1' }), withImages({ app: 'ghcr.io/a/b:1@sha256:0f' }));
    expect(digest.map((c) => c.code)).toEqual(['VALUE_DRIFT']);
  });

  it('reports nothing for two spellings of the same image', () => {
    expect(compare(withImages({ app: 'nginx' }), withImages({ app: 'docker.io/library/nginx' }))).toEqual([]);
    expect(compare(withImages({ app: 'nginx:latest' }), withImages({ app: 'index.docker.io/library/nginx' }))).toEqual([]);
  });
});

describe('image tags naming another environment', () => {
  const chainEnvs = ['dev', 'test', 'production'].map((env) => ({ env, tokens: envTokens(env) }));
  const tagsIn = (env: string, objects: K8sObject[]) =>
    crossEnvTagCandidates({ service: 'shop', env, tokens: envTokens(env), chainEnvs }, envResources(env, objects).resources);
  const config = (value: string): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'jobs' }, data: { WORKER_IMAGE: value } });

  it('reports test running the dev tag, at the container image and in an image-looking value', () => {
    const found = tagsIn('test', [withImages({ app: 'ghcr.io/shop/api:dev' }, { migrate: 'ghcr.io/shop/migrate:1.0' }), config('ghcr.io/shop/worker:prod')]);
    expect(found.map((c) => [c.code, c.envs, c.resource!.kind, c.path, c.values, argsOf(c).referencedEnv])).toEqual([
      ['CROSS_ENV_REFERENCE', ['test'], 'CronJob', 'spec.jobTemplate.spec.template.spec.containers[name=app].image', { test: 'ghcr.io/shop/api:dev' }, 'dev'],
      ['CROSS_ENV_REFERENCE', ['test'], 'ConfigMap', 'data.WORKER_IMAGE', { test: 'ghcr.io/shop/worker:prod' }, 'production'],
    ]);
  });

  it('accepts an environment’s own tag, version tags and tags that merely contain a name', () => {
    const found = tagsIn('test', [withImages({ app: 'ghcr.io/shop/api:test', side: 'ghcr.io/shop/side:dev-2024.1' }, { migrate: 'ghcr.io/shop/migrate:1.0' })]);
    expect(found).toEqual([]);
  });
});
