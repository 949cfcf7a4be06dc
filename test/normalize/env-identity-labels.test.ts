import { describe, expect, it } from 'vitest';
import { envTokens } from '../../src/normalize/env-tokens.js';
import { withoutEnvIdentityLabels } from '../../src/normalize/env-identity-labels.js';
import type { EnvResources, K8sObject } from '../../src/types.js';

type Labels = Record<string, string>;

function deployment(labels: Labels): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', labels: { app: 'api', ...labels } },
    spec: {
      selector: { matchLabels: { app: 'api', ...labels } },
      template: { metadata: { labels: { app: 'api', ...labels } }, spec: { containers: [{ name: 'api', image: 'api:1' }] } },
    },
  };
}

function service(labels: Labels): K8sObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', labels }, spec: { selector: { app: 'api', ...labels } } };
}

function env(name: string, objects: K8sObject[]): EnvResources {
  return {
    service: 'api',
    env: name,
    overlay: { service: 'api', env: name, path: `overlays/${name}` },
    chain: { files: [] },
    resources: objects.map((object) => ({
      key: `${object.kind}/api`,
      group: '',
      kind: object.kind,
      apiVersion: object.apiVersion,
      name: 'api',
      renderedName: 'api',
      object,
    })),
  } as unknown as EnvResources;
}

const TOKENS = { left: envTokens('staging', 'api-staging'), right: envTokens('production', 'api-production') };

function labelsOf(resources: EnvResources): unknown[] {
  return resources.resources.map(({ object }) => [object.metadata?.labels, (object.spec as { selector?: unknown }).selector]);
}

describe('withoutEnvIdentityLabels', () => {
  it('leaves out cluster: staging and environment: production everywhere labels are', () => {
    const staging = env('staging', [deployment({ cluster: 'staging' }), service({ cluster: 'staging' })]);
    const production = env('production', [deployment({ environment: 'production' }), service({ environment: 'production' })]);
    const [left, right] = withoutEnvIdentityLabels(staging, production, TOKENS);
    expect(left.resources.map(({ object }) => object)).toEqual([deployment({}), service({})]);
    expect(right.resources.map(({ object }) => object)).toEqual([deployment({}), service({})]);
    expect(staging.resources[0]!.object).toEqual(deployment({ cluster: 'staging' }));
  });

  it('leaves everything when only one side has a label naming its environment', () => {
    const staging = env('staging', [deployment({ cluster: 'staging' })]);
    const production = env('production', [deployment({})]);
    expect(withoutEnvIdentityLabels(staging, production, TOKENS)).toEqual([staging, production]);
  });

  it('leaves everything when a one-sided label holds anything but its environment token', () => {
    const staging = env('staging', [deployment({ cluster: 'staging' }), service({ cluster: 'eu-west-1' })]);
    const production = env('production', [deployment({ environment: 'production' })]);
    const [left, right] = withoutEnvIdentityLabels(staging, production, TOKENS);
    expect(labelsOf(left)).toEqual(labelsOf(staging));
    expect(labelsOf(right)).toEqual(labelsOf(production));
  });

  it('keeps a key the other side also uses, and every other label', () => {
    const staging = env('staging', [deployment({ cluster: 'staging', team: 'payments' })]);
    const production = env('production', [deployment({ environment: 'production', cluster: 'production' })]);
    const [left, right] = withoutEnvIdentityLabels(staging, production, TOKENS);
    expect(left.resources[0]!.object).toEqual(deployment({ cluster: 'staging', team: 'payments' }));
    expect(right.resources[0]!.object).toEqual(deployment({ environment: 'production', cluster: 'production' }));
  });
});
