import { describe, expect, it } from 'vitest';
import { PromoteError } from '../../src/errors.js';
import { planHelmPromotion, type HelmPromotionInput } from '../../src/bump/helm-plan.js';
import { fileLayer } from '../../src/bump/helm-values.js';
import type { HelmSource } from '../../src/types.js';
import { formatPromoteNote } from '../../src/report/messages.js';

function source(env: string, valuesFiles: string[]): HelmSource {
  return { chartDir: '/repo/charts/api', chartRelDir: 'charts/api', releaseName: 'api', valuesFiles, declaredIn: { file: `argocd/api-${env}.yaml`, line: 2 } };
}

const CHART = fileLayer('charts/api/values.yaml', 'image:\n  tag: v1.0.0-aaaaaaa\n', true);

function input(files: Record<string, string>, extra: Partial<HelmPromotionInput> = {}): HelmPromotionInput {
  const layers = (names: string[]) => [CHART, ...names.map((name) => fileLayer(name, files[name] ?? '', false))];
  const dev = ['values-dev.yaml'];
  const staging = Object.keys(files).filter((name) => name !== 'values-dev.yaml');
  return {
    service: 'api',
    from: 'dev',
    to: 'staging',
    source: { source: source('dev', dev), layers: layers(dev) },
    target: { source: source('staging', staging), layers: layers(staging) },
    requireImmutableTags: false,
    ...extra,
  };
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof PromoteError) return error.toLine();
    throw error;
  }
  throw new Error('no refusal');
}

describe('planHelmPromotion', () => {
  it('plans the source tag into the target values file, the chart default being what the target runs', () => {
    const plan = planHelmPromotion(input({ 'values-dev.yaml': 'image:\n  tag: v1.1.0-bbbbbbb\n', 'values-staging.yaml': 'replicas: 2\n' }));
    expect(plan).toMatchObject({
      kind: 'helm', image: 'image.tag', tag: 'v1.1.0-bbbbbbb', currentTag: 'v1.0.0-aaaaaaa', file: 'values-staging.yaml',
      line: null, action: 'add', effective: true, source: { file: 'values-dev.yaml', line: 2 },
      commitMessage: 'promote(staging): api → v1.1.0-bbbbbbb',
    });
  });

  it('refuses a target without a values file of its own, and a digest-only --tag', () => {
    const shared = input({ 'values-dev.yaml': 'image:\n  tag: v1.1.0-bbbbbbb\n' });
    shared.target.source.valuesFiles = ['values-dev.yaml'];
    expect(refusal(() => planHelmPromotion(shared))).toBe(
      "argocd/api-staging.yaml:2: the staging environment has no values file of its own (each is read by dev too); parity writes the tag into the target's own values file",
    );
    const digest = `sha256:${'b'.repeat(64)}`;
    expect(refusal(() => planHelmPromotion(input({ 'values-dev.yaml': '', 'values-staging.yaml': '' }, { tag: digest })))).toBe(
      'charts/api/values.yaml:2: a Helm promotion writes a tag at image.tag; promote a tag (its digest goes to image.digest), not a digest alone',
    );
  });

  it('is not effective while the target pins a digest the promotion does not carry', () => {
    const plan = planHelmPromotion(input({ 'values-dev.yaml': 'image:\n  tag: v1.1.0-bbbbbbb\n', 'values-staging.yaml': `image:\n  digest: sha256:${'c'.repeat(64)}\n` }));
    expect(plan.effective).toBe(false);
    expect(plan.reasons.map(formatPromoteNote)).toEqual([`image.digest sha256:${'c'.repeat(64)} set by values-staging.yaml:2 would still pin the old image (the promoted reference has no digest)`]);
  });
});
