import { join } from 'node:path';
import type { AuditOptions, AuditPlan } from '../../src/pipeline/plan.js';
import { loadConfig } from '../../src/discover/load-config.js';
import type { GateOptions } from '../../src/gate/gate.js';
import { createHelmLocator } from '../../src/helm/helm-locator.js';
import { loadPolicy } from '../../src/policy/load-policy.js';
import { detectRenderer } from '../../src/render/create-renderer.js';
import type { HelmParameter, Overlay, ServiceSpec } from '../../src/types.js';
import { HELM } from '../helm/helpers.js';

export const ENVS = ['dev', 'staging', 'production'];

/** A chart per service, as CI promotes it: `image.tag` in values-<env>.yaml inside the chart directory. */
export const CHART_FILES: Record<string, string> = {
  'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.1.0\n',
  'charts/api/values.yaml': 'image:\n  repository: ghcr.io/example/api\n  tag: 1.0.0-aaaaaaa\n  digest: ""\nreplicas: 1\n',
  'charts/api/templates/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    'spec:',
    '  replicas: {{ .Values.replicas }}',
    '  selector: {matchLabels: {app: api}}',
    '  template:',
    '    metadata: {labels: {app: api}}',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}{{ with .Values.image.digest }}@{{ . }}{{ end }}"',
    '',
  ].join('\n'),
  'charts/api/values-dev.yaml': '# api — dev\nimage:\n  tag: 1.1.0-bbbbbbb\n',
  'charts/api/values-staging.yaml': [
    '# api — staging: CI writes the tag below',
    'database:',
    '  password: Staging-Pass-93kq',
    'image:   # promoted from dev',
    "  tag: '1.0.0-aaaaaaa'   # the tag",
    'replicas: 1',
    '',
  ].join('\n'),
  'charts/api/values-production.yaml': '# api — production\nreplicas: 1\n',
};

export interface EnvSetup {
  valuesFiles?: string[];
  parameters?: HelmParameter[];
  values?: Record<string, unknown>;
}

/** The api service's Helm environments, built by hand the way discovery yields them. */
export function apiService(repoDir: string, setup: Partial<Record<string, EnvSetup>> = {}): ServiceSpec {
  const overlays: Record<string, Overlay> = {};
  for (const env of ENVS) {
    const own = setup[env] ?? {};
    overlays[env] = {
      service: 'api',
      env,
      dir: join(repoDir, 'charts/api'),
      relDir: 'charts/api',
      helm: {
        chartDir: join(repoDir, 'charts/api'),
        chartRelDir: 'charts/api',
        releaseName: 'api',
        namespace: `shop-${env}`,
        valuesFiles: own.valuesFiles ?? [`charts/api/values-${env}.yaml`],
        ...(own.parameters ? { parameters: own.parameters } : {}),
        ...(own.values ? { values: own.values } : {}),
        declaredIn: { file: `argocd/api-${env}.yaml`, line: 3 },
      },
    };
  }
  return { name: 'api', envs: ENVS, overlays };
}

/** Gate options whose services come from `service` (the seam discovery fills in a real run). */
export function gateOptionsFor(repoDir: string, service: ServiceSpec, extra: Partial<GateOptions> = {}, requireImmutableTags = false): GateOptions {
  const planAudit = async (options: AuditOptions): Promise<AuditPlan> => {
    const config = await loadConfig(options.repoDir, undefined, {});
    const policy = { ...(await loadPolicy(options.repoDir, config, {})), ...(requireImmutableTags ? { requireImmutableTags } : {}) };
    const renderer = await detectRenderer({ env: process.env });
    return { config, services: [service], policy, renderer, applications: [] };
  };
  return {
    repoDir,
    service: 'api',
    from: 'dev',
    to: 'staging',
    noCache: true,
    helmLocator: createHelmLocator({ helm: HELM }),
    planAudit,
    ...extra,
  };
}
