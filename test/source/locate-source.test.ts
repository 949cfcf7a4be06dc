import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readChainWalk } from '../../src/chain/read-chain.js';
import { parsePath } from '../../src/diff/path.js';
import { createSourceLocator, type SourceQuery } from '../../src/source/locate-source.js';
import type { SourceLocation } from '../../src/types.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const ECOMMERCE = join(FIXTURES, 'ecommerce-infra');

/** The query an overlay of the standard layout produces: its kustomization, then its base. */
function overlayQuery(service: string, env: string, resource: SourceQuery['resource'], path: string, value?: unknown): SourceQuery {
  const overlayDir = `apps/${service}/overlays/${env}`;
  return {
    chainFiles: [`${overlayDir}/kustomization.yaml`, `apps/${service}/base/kustomization.yaml`],
    overlayDir,
    resource,
    segments: path === '' ? [] : parsePath(path),
    ...(value === undefined ? {} : { value }),
  };
}

/** The text of the line a location points at, to show what the expected line holds. */
function lineOf(repo: string, location: SourceLocation): string {
  return readFileSync(join(repo, location.file), 'utf8').split('\n')[location.line! - 1]!.trim();
}

describe('createSourceLocator on fixtures/ecommerce-infra', () => {
  const locator = createSourceLocator(ECOMMERCE);
  const payments = { kind: 'Deployment', name: 'payments-service' };

  it('points the production client-certificate volume at its patch item', () => {
    const location = locator.locate(overlayQuery('payments-service', 'production', payments, 'spec.template.spec.volumes[name=processor-client-tls]'));
    expect(location).toEqual({ file: 'apps/payments-service/overlays/production/patch-mtls.yaml', line: 23 });
    expect(lineOf(ECOMMERCE, location)).toBe('- name: processor-client-tls');
  });

  it('points an env value at the value line of the patch that sets it in that environment', () => {
    const path = 'spec.template.spec.containers[name=payments-service].env[name=PROCESSOR_URL].value';
    const production = locator.locate(overlayQuery('payments-service', 'production', payments, path));
    const staging = locator.locate(overlayQuery('payments-service', 'staging', payments, path));
    expect(production).toEqual({ file: 'apps/payments-service/overlays/production/patch-mtls.yaml', line: 12 });
    expect(lineOf(ECOMMERCE, production)).toBe('value: https://api.processor.example');
    expect(staging).toEqual({ file: 'apps/payments-service/overlays/staging/patch-processor.yaml', line: 13 });
  });

  it('points the volume mount, keyed by mountPath, at its item', () => {
    const path = 'spec.template.spec.containers[name=payments-service].volumeMounts[mountPath=/etc/processor/tls]';
    const location = locator.locate(overlayQuery('payments-service', 'production', payments, path));
    expect(location).toEqual({ file: 'apps/payments-service/overlays/production/patch-mtls.yaml', line: 19 });
  });

  it('points the staging-only DEBUG env var at the staging patch', () => {
    const path = 'spec.template.spec.containers[name=inventory-service].env[name=DEBUG]';
    const location = locator.locate(overlayQuery('inventory-service', 'staging', { kind: 'Deployment', name: 'inventory-service' }, path));
    expect(location).toEqual({ file: 'apps/inventory-service/overlays/staging/patch-env.yaml', line: 16 });
    expect(lineOf(ECOMMERCE, location)).toBe('- name: DEBUG');
  });

  it('points a value absent from an environment at the deepest place that environment defines', () => {
    const path = 'spec.template.spec.containers[name=inventory-service].env[name=DEBUG]';
    const location = locator.locate(overlayQuery('inventory-service', 'production', { kind: 'Deployment', name: 'inventory-service' }, path));
    expect(location).toEqual({ file: 'apps/inventory-service/overlays/production/patch-env.yaml', line: 10 });
    expect(lineOf(ECOMMERCE, location)).toBe('env:');
  });

  it('maps a generated ConfigMap key to the env-file line or the literal that defines it', () => {
    const config = { kind: 'ConfigMap', name: 'frontend-shell-config' };
    const production = locator.locate(overlayQuery('frontend-shell', 'production', config, 'data.FEATURE_CHECKOUT_V2'));
    const staging = locator.locate(overlayQuery('frontend-shell', 'staging', config, 'data.FEATURE_CHECKOUT_V2'));
    expect(production).toEqual({ file: 'apps/frontend-shell/overlays/production/frontend.env', line: 3 });
    expect(lineOf(ECOMMERCE, production)).toBe('FEATURE_CHECKOUT_V2=false');
    expect(staging).toEqual({ file: 'apps/frontend-shell/overlays/staging/kustomization.yaml', line: 26 });
    expect(lineOf(ECOMMERCE, staging)).toBe('- FEATURE_CHECKOUT_V2=true');
  });

  it('falls through to the base generator for a key the overlay does not merge', () => {
    const location = locator.locate(overlayQuery('payments-service', 'production', { kind: 'ConfigMap', name: 'payments-config' }, 'data.DB_USER'));
    expect(location).toEqual({ file: 'apps/payments-service/base/kustomization.yaml', line: 16 });
  });

  it('locates a secret key by position only, never by content', () => {
    const location = locator.locate(overlayQuery('payments-service', 'production', { kind: 'Secret', name: 'payments-db' }, 'data.DB_PASSWORD'));
    expect(location).toEqual({ file: 'apps/payments-service/overlays/production/kustomization.yaml', line: 34 });
    expect(Object.keys(location).sort()).toEqual(['file', 'line']);
    expect(JSON.stringify(location)).not.toContain('Qe8rJ5uY1bzo');
  });

  it('maps a container image to the newName line of the overlay images entry', () => {
    const path = 'spec.template.spec.containers[name=frontend-shell].image';
    const shell = { kind: 'Deployment', name: 'frontend-shell' };
    const image = 'registry.example.com/ecommerce/frontend-shell:5.0.4-1ac2d3f';
    const withValue = locator.locate(overlayQuery('frontend-shell', 'production', shell, path, image));
    const withoutValue = locator.locate(overlayQuery('frontend-shell', 'production', shell, path));
    expect(withValue).toEqual({ file: 'apps/frontend-shell/overlays/production/kustomization.yaml', line: 17 });
    expect(lineOf(ECOMMERCE, withValue)).toBe('newName: registry.example.com/ecommerce/frontend-shell');
    expect(withoutValue).toEqual(withValue);
  });

  it('maps a tag-only images entry to its newTag line', () => {
    const path = 'spec.template.spec.containers[name=frontend-shell].image';
    const image = 'ghcr.io/ecommerce/frontend-shell:5.0.4-1ac2d3f';
    const location = locator.locate(overlayQuery('frontend-shell', 'staging', { kind: 'Deployment', name: 'frontend-shell' }, path, image));
    expect(location).toEqual({ file: 'apps/frontend-shell/overlays/staging/kustomization.yaml', line: 16 });
  });

  it('maps spec.replicas to the count of a kustomization replicas entry', () => {
    const location = locator.locate(overlayQuery('catalog-service', 'production', { kind: 'Deployment', name: 'catalog-service' }, 'spec.replicas'));
    expect(location).toEqual({ file: 'apps/catalog-service/overlays/production/kustomization.yaml', line: 22 });
    expect(lineOf(ECOMMERCE, location)).toBe('count: 4');
  });

  it('finds patches of a prefixed overlay by the unprefixed name they are written with', () => {
    const hpa = { kind: 'HorizontalPodAutoscaler', name: 'checkout-service' };
    const location = locator.locate(overlayQuery('checkout-service', 'production', hpa, 'spec.maxReplicas'));
    expect(location).toEqual({ file: 'apps/checkout-service/overlays/production/patch-hpa.yaml', line: 7 });
  });

  it('maps an overlay label to its labels entry', () => {
    const deployment = { kind: 'Deployment', name: 'checkout-service' };
    const location = locator.locate(overlayQuery('checkout-service', 'production', deployment, 'metadata.labels.environment'));
    expect(location).toEqual({ file: 'apps/checkout-service/overlays/production/kustomization.yaml', line: 14 });
  });

  it('points a production-only resource at its resource file', () => {
    const netpol = { kind: 'NetworkPolicy', name: 'catalog-service-ingress' };
    const location = locator.locate(overlayQuery('catalog-service', 'production', netpol, ''));
    expect(location).toEqual({ file: 'apps/catalog-service/overlays/production/networkpolicy.yaml', line: 1 });
  });

  it('points a value only the base sets at the base', () => {
    const path = 'spec.template.spec.containers[name=checkout-service].livenessProbe.periodSeconds';
    const location = locator.locate(overlayQuery('checkout-service', 'production', { kind: 'Deployment', name: 'checkout-service' }, path));
    expect(location).toEqual({ file: 'apps/checkout-service/base/deployment.yaml', line: 49 });
  });

  it('falls back to the overlay kustomization, line 1, when nothing in the chain defines the resource', () => {
    const unknown = locator.locate(overlayQuery('catalog-service', 'production', { kind: 'Namespace', name: 'ecommerce-production' }, ''));
    const overlayWide = locator.locate(overlayQuery('catalog-service', 'production', null, ''));
    expect(unknown).toEqual({ file: 'apps/catalog-service/overlays/production/kustomization.yaml', line: 1 });
    expect(overlayWide).toEqual(unknown);
  });
});

describe('createSourceLocator on other layouts', () => {
  it('follows a layered overlay chain, the outermost overlay first', () => {
    const repo = join(FIXTURES, 'layered-overlays');
    const locator = createSourceLocator(repo);
    const api = { kind: 'Deployment', name: 'api' };
    const base = 'apps/api/base/kustomization.yaml';
    const production = 'apps/api/overlays/production/kustomization.yaml';
    const eu = locator.locate({
      chainFiles: ['apps/api/overlays/production-eu/kustomization.yaml', production, base],
      overlayDir: 'apps/api/overlays/production-eu',
      resource: api,
      segments: ['spec', 'replicas'],
    });
    const plain = locator.locate({ chainFiles: [production, base], overlayDir: 'apps/api/overlays/production', resource: api, segments: ['spec', 'replicas'] });
    expect(eu).toEqual({ file: 'apps/api/overlays/production-eu/patch-replicas.yaml', line: 6 });
    expect(plain).toEqual({ file: production, line: 9 });
  });

  it('searches the manifests of a pre-rendered overlay', () => {
    const locator = createSourceLocator(join(FIXTURES, 'prerendered'));
    const overlayDir = 'rendered/billing/production';
    const replicas = locator.locate({ chainFiles: [], overlayDir, resource: { kind: 'Deployment', name: 'billing' }, segments: ['spec', 'replicas'] });
    const logLevel = locator.locate({ chainFiles: [], overlayDir, resource: { kind: 'ConfigMap', name: 'billing' }, segments: ['data', 'LOG_LEVEL'] });
    const fallback = locator.locate({ chainFiles: [], overlayDir, resource: null, segments: [] });
    expect(replicas).toEqual({ file: `${overlayDir}/deployment.yaml`, line: 12 });
    expect(logLevel).toEqual({ file: `${overlayDir}/billing.yaml`, line: 22 });
    expect(fallback).toEqual({ file: `${overlayDir}/billing.yaml`, line: 1 });
  });

  it('never throws on files it cannot parse: an alias bomb or a syntax error falls back', () => {
    const bomb = createSourceLocator(join(FIXTURES, 'broken/alias-bomb'));
    const chainFiles = ['apps/svc/overlays/production/kustomization.yaml', 'apps/svc/base/kustomization.yaml'];
    const query = { chainFiles, overlayDir: 'apps/svc/overlays/production', resource: { kind: 'Deployment', name: 'svc' }, segments: ['metadata', 'annotations', 'a'] };
    expect(bomb.locate(query).file).not.toContain('patch-labels.yaml');
    const malformed = createSourceLocator(join(FIXTURES, 'broken/malformed-yaml'));
    expect(malformed.locate({ ...query, segments: ['spec', 'replicas'], chainFiles: chainFiles.slice(0, 1) })).toEqual({ file: chainFiles[0], line: 1 });
  });

  it('reuses the kustomizations the chain walks read: cites the same lines without reading them again', async () => {
    const kustomizations = new Map();
    await readChainWalk(join(ECOMMERCE, 'apps/inventory-service/overlays/staging'), ECOMMERCE, [], kustomizations);
    const reads: string[] = [];
    const locator = createSourceLocator(ECOMMERCE, {
      kustomizations,
      readText: (path) => {
        reads.push(path);
        return readFileSync(path, 'utf8');
      },
    });
    const query = overlayQuery('inventory-service', 'staging', { kind: 'Deployment', name: 'inventory-service' }, 'spec.template.spec.containers[name=inventory-service].image', 'ghcr.io/ecommerce/inventory-service:0.9.7-e52a1f4');
    const location = locator.locate(query);
    expect(location).toEqual(createSourceLocator(ECOMMERCE).locate(query));
    expect(location.file).toBe('apps/inventory-service/overlays/staging/kustomization.yaml');
    expect(reads.filter((path) => path.endsWith('kustomization.yaml'))).toEqual([]);
  });

  it('reads each file at most once per locator', () => {
    const reads = new Map<string, number>();
    const locator = createSourceLocator(ECOMMERCE, {
      readText: (path) => {
        reads.set(path, (reads.get(path) ?? 0) + 1);
        return readFileSync(path, 'utf8');
      },
    });
    const path = 'spec.template.spec.containers[name=inventory-service].env[name=DEBUG]';
    for (const env of ['dev', 'staging', 'production', 'staging']) {
      locator.locate(overlayQuery('inventory-service', env, { kind: 'Deployment', name: 'inventory-service' }, path));
    }
    expect(reads.size).toBeGreaterThan(4);
    expect([...reads.values()].every((count) => count === 1)).toBe(true);
  });
});
