import type { AuditResult, Finding, RunIdentity } from '../../src/types.js';

const SYNTHETIC_REPO = 'github.example/platform/infra';
const ENVS = ['dev', 'staging', 'production'];
const PAIRS: Array<[string, string]> = [
  ['dev', 'staging'],
  ['staging', 'production'],
];

/** Which findings a synthetic service has in a given week (0 = the current run). */
export interface Shape {
  blocking: boolean;
  warning: boolean;
  allowed: number;
  /** Blocking only this week: new against week 1, resolved against week 0 when only in week 1. */
  extraBlocking: boolean;
}

export function shapeOf(index: number, week: number): Shape {
  return {
    blocking: index % 9 === 0,
    warning: index % 11 === 0,
    allowed: 1 + (index % 3),
    extraBlocking: week === 0 ? index % 50 === 3 : index % (40 + week) === 7,
  };
}

/** A 300-service audit result built as data, one per week back in time (0 = now). */
export function syntheticResult(week: number, services = 300): AuditResult {
  const findings: Finding[] = [];
  const names: string[] = [];
  for (let index = 0; index < services; index += 1) {
    const service = `svc-${String(index).padStart(3, '0')}`;
    names.push(service);
    findings.push(...serviceFindings(service, shapeOf(index, week), week));
  }
  const run: RunIdentity = {
    repo: SYNTHETIC_REPO,
    commit: `${String(week).padStart(2, '0')}`.repeat(20),
    time: new Date(Date.UTC(2026, 11, 2 - 7 * week, 2)).toISOString(),
    policyDigest: 'ab'.repeat(32),
  };
  return {
    schemaVersion: 1,
    tool: { name: 'parity', version: '0.1.0' },
    renderer: { name: 'kubectl', path: '/usr/bin/kubectl', version: 'v5.5.0' },
    services: names.map((name) => ({ name, envs: ENVS })),
    pairs: PAIRS,
    findings,
    errors: [],
    summary: {
      services,
      renders: services * 3,
      findings: findings.length,
      blocking: findings.filter((finding) => finding.blocking).length,
      allowed: findings.filter((finding) => finding.allowed !== null).length,
    },
    run,
  };
}

function serviceFindings(service: string, shape: Shape, week: number): Finding[] {
  const findings: Finding[] = [];
  const base = (id: string, envs: [string, string], overrides: Partial<Finding>): Finding => ({
    id: `${service}-${id}`,
    code: 'VALUE_DRIFT',
    severity: 'error',
    blocking: false,
    service,
    envs,
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: service },
    path: 'spec.replicas',
    values: { [envs[0]]: 1, [envs[1]]: 3 },
    message: 'differs',
    allowed: null,
    source: { file: `apps/${service}/overlays/${envs[1]}/kustomization.yaml`, line: 7 },
    ...overrides,
  });
  if (shape.blocking) {
    findings.push(base('mtls', ['staging', 'production'], {
      code: 'MTLS_MISMATCH',
      blocking: true,
      path: 'spec.template.spec.containers[name=app].env[name=PROCESSOR_URL]',
      values: { staging: 'tls: none', production: 'mtls: client certificate' },
      message: 'TLS posture for endpoint PROCESSOR_URL differs between staging and production.',
      source: { file: `apps/${service}/overlays/production/patch-mtls.yaml`, line: 12 },
    }));
  }
  if (shape.extraBlocking) {
    findings.push(base(`image-w${week}`, ['dev', 'staging'], {
      code: 'IMAGE_MISMATCH',
      blocking: true,
      path: 'spec.template.spec.containers[name=app].image',
      values: { dev: `registry.example/${service}`, staging: `mirror.example/${service}` },
      message: 'The image repository differs.',
    }));
  }
  if (shape.warning) {
    findings.push(base('secret-reused', ['staging', 'production'], {
      code: 'SECRET_REUSED',
      severity: 'warning',
      resource: { apiVersion: 'v1', kind: 'Secret', name: `${service}-credentials` },
      path: 'data.API_KEY',
      values: { staging: '<redacted>', production: '<redacted>' },
      message: 'The same secret value appears in staging and production.',
      source: null,
    }));
  }
  for (let k = 0; k < shape.allowed; k += 1) {
    findings.push(base(`replicas-${k}`, k % 2 === 0 ? ['dev', 'staging'] : ['staging', 'production'], {
      path: `spec.template.spec.containers[name=app${k}].resources.limits.memory`,
      values: k % 2 === 0 ? { dev: '256Mi', staging: '512Mi' } : { staging: '512Mi', production: '1Gi' },
      allowed: { rule: 'resources', reason: 'sized per environment by design' },
    }));
  }
  return findings;
}
