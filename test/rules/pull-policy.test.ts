import { describe, expect, it } from 'vitest';
import { pairCandidates } from '../../src/rules/index.js';
import { dropDefaultValues } from '../../src/normalize/defaults.js';
import type { K8sObject } from '../../src/types.js';
import { deployment, pairContext } from './helpers.js';

const image = (tag: string) => `ghcr.io/example/app:${tag}`;

/** The Deployment as normalization leaves it: fields holding their API default removed. */
function normalizedDeployment(container: Record<string, unknown>): K8sObject {
  const object = deployment('app', container);
  dropDefaultValues(object);
  return object;
}

function findings(left: Record<string, unknown>, right: Record<string, unknown>): string[] {
  const candidates = pairCandidates(pairContext({ env: 'staging', objects: [normalizedDeployment(left)] }, { env: 'production', objects: [normalizedDeployment(right)] }));
  return candidates.filter((candidate) => candidate.path?.endsWith('imagePullPolicy')).map((candidate) => `${candidate.code} ${candidate.path}`);
}

describe('imagePullPolicy between environments that run different tags', () => {
  it('is no difference when one side writes out what the other side defaults to', () => {
    // Staging writes IfNotPresent on latest (not its default), production on a pinned tag (its default).
    expect(findings({ image: image('latest'), imagePullPolicy: 'IfNotPresent' }, { image: image('1.2.3'), imagePullPolicy: 'IfNotPresent' })).toEqual([]);
    // Production writes Always on a pinned tag; staging runs latest, whose default is Always.
    expect(findings({ image: image('latest') }, { image: image('1.2.3'), imagePullPolicy: 'Always' })).toEqual([]);
    expect(findings({ image: image('1.2.3') }, { image: image('1.2.4') })).toEqual([]);
  });

  it('is a difference when the policies the two sides run differ', () => {
    expect(findings({ image: image('1.2.3') }, { image: image('1.2.4'), imagePullPolicy: 'Always' })).toEqual([
      'VALUE_DRIFT spec.template.spec.containers[name=app].imagePullPolicy',
    ]);
    expect(findings({ image: image('latest'), imagePullPolicy: 'Never' }, { image: image('1.2.3') })).toEqual([
      'VALUE_DRIFT spec.template.spec.containers[name=app].imagePullPolicy',
    ]);
  });
});
