import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffResources } from '../../src/diff/diff-resources.js';
import { matchResources } from '../../src/match/match-resources.js';
import { envTokens } from '../../src/normalize/env-tokens.js';
import { normalizeOverlay } from '../../src/normalize/normalize-overlay.js';
import type { K8sObject, KustomizationChain, RenderedOverlay } from '../../src/types.js';
import { parseYamlDocuments } from '../../src/yaml/parse-yaml.js';
import { originsFor } from '../support/origins.js';

function renderedFixture(env: string, chain: Partial<KustomizationChain>, affix: { prefix?: string; suffix?: string }): RenderedOverlay {
  const file = new URL(`../normalize/fixtures/rendered-${env}.yaml`, import.meta.url);
  const resources = parseYamlDocuments(readFileSync(file, 'utf8'), file.pathname).map((doc) => doc.value as K8sObject);
  return {
    overlay: { service: 'api', env, dir: `/repo/overlays/${env}`, relDir: `overlays/${env}` },
    resources,
    chain: { files: [], images: [], inputs: [], remotes: [], ...chain },
    preRendered: false,
    origins: originsFor(resources, affix, `overlays/${env}/kustomization.yaml`),
  };
}

describe('normalize → match → diff over real Kustomize output', () => {
  // staging: namespace payments-staging, nameSuffix -stg, LOG_LEVEL=debug merged into app-config.
  // eu-prod: namespace payments-eu-prod, namePrefix eu-prod-, its own Namespace object.
  const tokens = { left: envTokens('staging', 'payments-staging'), right: envTokens('eu-prod', 'payments-eu-prod') };
  const staging = normalizeOverlay(renderedFixture('staging', { namespace: 'payments-staging' }, { suffix: '-stg' }), { tokens: tokens.left });
  const euProd = normalizeOverlay(renderedFixture('eu-prod', { namespace: 'payments-eu-prod' }, { prefix: 'eu-prod-' }), { tokens: tokens.right });

  it('pairs every resource despite prefix, suffix, hashes and namespaces; eu-prod alone has a Namespace object', () => {
    const pairs = matchResources(staging.resources, euProd.resources, tokens);
    expect(pairs.filter((pair) => !pair.left || !pair.right).map((pair) => [pair.key, Boolean(pair.left), Boolean(pair.right)]))
      .toEqual([['/Namespace/payments-eu-prod', false, true]]);
    expect(pairs).toHaveLength(10);
  });

  it('finds only the real difference: the merged LOG_LEVEL', () => {
    const pairs = matchResources(staging.resources, euProd.resources, tokens).filter((pair) => pair.left && pair.right);
    const differences = pairs.flatMap((pair) =>
      diffResources(pair.left!.object, pair.right!.object, { tokens }).map((d) => [pair.key, d.path, d.left, d.right]),
    );
    // RoleBinding subjects[].namespace differs by namespace only: an env token, not a difference.
    expect(differences).toEqual([['/ConfigMap/app-config', 'data.LOG_LEVEL', 'debug', 'info']]);
  });
});
