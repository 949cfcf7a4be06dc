import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverServices } from '../../src/discover/discover-services.js';
import { loadConfig } from '../../src/discover/load-config.js';
import { ConfigError } from '../../src/errors.js';
import { caught, makeRepo } from './helpers.js';

const fixture = (name: string) => resolve(__dirname, '../../fixtures', name);

function summary(specs: Awaited<ReturnType<typeof discoverServices>>) {
  return specs.map((spec) => [spec.name, spec.envs, spec.envs.map((env) => spec.overlays[env]!.relDir)]);
}

describe('discoverServices by layout', () => {
  it('expands apps/{service}/overlays/{env} over real directories, in promotion order', async () => {
    const repo = await makeRepo({
      'apps/web/overlays/production/': '',
      'apps/web/overlays/dev/': '',
      'apps/web/overlays/staging/': '',
      'apps/api/overlays/staging/': '',
      'apps/api/overlays/qa/': '', // not an environment of the chain
      'apps/docs/base/': '', // no overlay: not a service
      'apps/README.md': '',
    });
    const config = await loadConfig(repo);
    const specs = await discoverServices(repo, config, {});
    expect(summary(specs)).toEqual([
      ['api', ['staging'], ['apps/api/overlays/staging']],
      ['web', ['dev', 'staging', 'production'], ['apps/web/overlays/dev', 'apps/web/overlays/staging', 'apps/web/overlays/production']],
    ]);
    expect(specs[1]!.overlays.dev).toEqual({ service: 'web', env: 'dev', dir: resolve(repo, 'apps/web/overlays/dev'), relDir: 'apps/web/overlays/dev' });
  });

  it('expands a layout with {env} before {service} and placeholders inside a segment', async () => {
    const repo = await makeRepo({
      'parity.config.yaml': 'environments: [stg, prd]\nlayout: clusters/{env}/{service}-app\n',
      'clusters/stg/shop-app/': '',
      'clusters/prd/shop-app/': '',
      'clusters/prd/cart-app/': '',
      'clusters/prd/notes/': '',
    });
    const specs = await discoverServices(repo, await loadConfig(repo), {});
    expect(summary(specs)).toEqual([
      ['cart', ['prd'], ['clusters/prd/cart-app']],
      ['shop', ['stg', 'prd'], ['clusters/stg/shop-app', 'clusters/prd/shop-app']],
    ]);
  });

  it('uses the layout for a listed service without overlays', async () => {
    const repo = await makeRepo({
      'parity.config.yaml': 'environments: [staging, production]\nlayout: deploy/{env}\nservices: [{name: web}]\n',
      'deploy/staging/': '',
      'deploy/production/': '',
    });
    const specs = await discoverServices(repo, await loadConfig(repo), {});
    expect(summary(specs)).toEqual([['web', ['staging', 'production'], ['deploy/staging', 'deploy/production']]]);
  });

  it('finds the src/{service}/k8s/overlays/{env} fixture', async () => {
    const repo = fixture('layouts/src-layout');
    const specs = await discoverServices(repo, await loadConfig(repo), {});
    expect(summary(specs)).toEqual([
      ['orders', ['staging', 'production'], ['src/orders/k8s/overlays/staging', 'src/orders/k8s/overlays/production']],
      ['search', ['staging', 'production'], ['src/search/k8s/overlays/staging', 'src/search/k8s/overlays/production']],
    ]);
  });

  it('finds the five services of the ecommerce-infra fixture', async () => {
    const repo = fixture('ecommerce-infra');
    const specs = await discoverServices(repo, await loadConfig(repo), {});
    expect(specs.map((spec) => spec.name)).toEqual([
      'catalog-service',
      'checkout-service',
      'frontend-shell',
      'inventory-service',
      'payments-service',
    ]);
    expect(specs.every((spec) => spec.envs.join() === 'dev,staging,production')).toBe(true);
  });
});

describe('discoverServices by explicit list', () => {
  it('takes overlays as listed (envs-layout fixture)', async () => {
    const repo = fixture('layouts/envs-layout');
    const specs = await discoverServices(repo, await loadConfig(repo), {});
    expect(summary(specs)).toEqual([['web', ['staging', 'production'], ['envs/staging', 'envs/production']]]);
  });

  it('names a listed overlay directory that does not exist', async () => {
    const repo = await makeRepo({
      'parity.config.yaml': 'services:\n  - name: web\n    overlays: {dev: web/dev, staging: web/stg}\n',
      'web/dev/': '',
    });
    const error = await caught(async () => discoverServices(repo, await loadConfig(repo), {}));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe("overlay directory 'web/stg' of service 'web' (staging) does not exist");
  });
});

describe('discoverServices filters', () => {
  const files = {
    'apps/a/overlays/dev/': '',
    'apps/a/overlays/staging/': '',
    'apps/b/overlays/staging/': '',
    'apps/b/overlays/production/': '',
    'apps/c/overlays/production/': '',
  };

  it('keeps the named services and envs', async () => {
    const repo = await makeRepo(files);
    const specs = await discoverServices(repo, await loadConfig(repo), { services: ['b', 'a'], envs: ['staging'] });
    expect(summary(specs)).toEqual([
      ['a', ['staging'], ['apps/a/overlays/staging']],
      ['b', ['staging'], ['apps/b/overlays/staging']],
    ]);
  });

  it('rejects an asked env that a service lacks, never dropping the service silently', async () => {
    const repo = await makeRepo(files);
    const error = await caught(async () => discoverServices(repo, await loadConfig(repo), { envs: ['dev'] }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^service 'b' has no overlay for dev \(it has: staging, production\)/);
  });

  it('rejects an unknown service, listing the known ones', async () => {
    const repo = await makeRepo(files);
    const error = await caught(async () => discoverServices(repo, await loadConfig(repo), { services: ['x'] }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe("unknown service 'x' (known: a, b, c)");
  });

  it('rejects an unknown env, listing the known ones', async () => {
    const repo = await makeRepo(files);
    const error = await caught(async () => discoverServices(repo, await loadConfig(repo), { envs: ['qa'] }));
    expect(error.message).toBe("unknown env 'qa' (known: dev, staging, production)");
  });

  it('rejects a named service without an overlay in the chosen envs', async () => {
    const repo = await makeRepo(files);
    const error = await caught(async () => discoverServices(repo, await loadConfig(repo), { services: ['c'], envs: ['dev'] }));
    expect(error.message).toMatch(/^service 'c' has no overlay for dev \(it has: production\)/);
  });

  it.each(['../..', '/etc', '../apps/a', 'a/../b', 'C:\\x'])('rejects service name %s before reading the repo', async (name) => {
    // The repo directory does not exist: any file system access would surface differently.
    const config = explicitConfig();
    const error = await caught(() => discoverServices('/nonexistent/parity-repo', config, { services: [name] }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`invalid service name '${name}'`);
  });
});

function explicitConfig() {
  return {
    file: 'parity.config.yaml',
    environments: ['dev', 'staging', 'production'],
    layout: null,
    services: [{ name: 'web', overlays: { dev: 'web/dev', staging: 'web/stg' } }],
    policies: [],
    defaultPolicy: true,
  };
}
