import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRendered, renderAll, type AuditPlan } from '../../src/audit/audit.js';
import { createHelmLocator } from '../../src/helm/helm-locator.js';
import { loadConfig } from '../../src/discover/load-config.js';
import { loadPolicy } from '../../src/policy/load-policy.js';
import { detectRenderer } from '../../src/render/detect-renderer.js';
import type { Overlay, ServiceSpec } from '../../src/types.js';
import { HELM, noHelm } from './helpers.js';

const REPO = resolve('fixtures/ecommerce-helm');
const ENVS = ['dev', 'staging', 'production'];

function shopService(): ServiceSpec {
  const overlays: Record<string, Overlay> = {};
  for (const env of ENVS) {
    overlays[env] = {
      service: 'shop',
      env,
      dir: join(REPO, 'charts/shop'),
      relDir: 'charts/shop',
      helm: {
        chartDir: join(REPO, 'charts/shop'),
        chartRelDir: 'charts/shop',
        releaseName: 'shop',
        namespace: `ecommerce-${env}`,
        valuesFiles: [`charts/shop/values-${env}.yaml`],
        declaredIn: { file: `argocd/shop-${env}.yaml`, line: 1 },
      },
    };
  }
  return { name: 'shop', envs: ENVS, overlays };
}

describe.skipIf(noHelm)('audit of Helm environments (real helm)', () => {
  it('renders each environment with helm and compares them', async () => {
    const config = await loadConfig(REPO, undefined, {});
    const policy = await loadPolicy(REPO, config, {});
    const renderer = await detectRenderer({ env: process.env });
    const plan: AuditPlan = { config, services: [shopService()], policy, renderer, applications: [] };
    const options = { repoDir: REPO, noCache: true, helmLocator: createHelmLocator({ helm: HELM }) };
    const outcome = await renderAll(Object.values(plan.services[0]!.overlays), renderer, options);
    expect(outcome.errors).toEqual([]);
    const result = await compareRendered(plan, outcome, options);
    const { formatHuman } = await import('../../src/report/human.js');
    console.log(formatHuman(result));
    console.log(JSON.stringify(result.values, null, 1));
    expect(result.renderers?.map((r) => r.name)).toEqual([renderer.info.name, 'helm']);
  });
});
