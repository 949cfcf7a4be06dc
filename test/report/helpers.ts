import type { AuditResult, Finding, GateVerdict, ResultError } from '../../src/types.js';

/** A string that must never reach any report: only a fingerprint-like detail carries it. */
export const SECRET_FINGERPRINT = 'hmac-sha256:9f2c1e7a0b44d3c8e6f1a2b3c4d5e6f7';

let counter = 0;

/** One finding with plausible defaults; pass what the test cares about. */
export function buildFinding(overrides: Partial<Finding> = {}): Finding {
  counter += 1;
  return {
    id: `f${String(counter).padStart(6, '0')}`,
    code: 'VALUE_DRIFT',
    severity: 'error',
    blocking: true,
    service: 'payments-service',
    envs: ['staging', 'production'],
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'payments-service' },
    path: 'spec.template.spec.containers[name=app].env[name=LOG_LEVEL].value',
    values: { staging: 'debug', production: 'info' },
    message: '`spec.template.spec.containers[name=app].env[name=LOG_LEVEL].value` differs: staging has "debug", production has "info".',
    allowed: null,
    source: { file: 'apps/payments-service/overlays/production/patch-env.yaml', line: 9 },
    ...overrides,
  };
}

/** An allowed difference (by rule, or by waiver when `waiver` is given). */
export function buildAllowed(overrides: Partial<Finding> = {}, waiver?: string): Finding {
  const allowed = waiver
    ? { waiver, reason: 'migration in progress', owner: 'team-payments', expires: '2026-12-31' }
    : { rule: 'replicas', reason: 'capacity differs per environment by design' };
  return buildFinding({
    blocking: false,
    path: 'spec.replicas',
    values: { staging: 1, production: 3 },
    message: '`spec.replicas` differs: staging has 1, production has 3.',
    allowed,
    ...overrides,
  });
}

/** A result whose summary is computed from its findings, like the audit does. */
export function buildResult(
  findings: Finding[],
  extra: { errors?: ResultError[]; gate?: GateVerdict; services?: AuditResult['services'] } = {},
): AuditResult {
  const services =
    extra.services ??
    [...new Set(findings.map((finding) => finding.service))].sort().map((name) => ({ name, envs: ['dev', 'staging', 'production'] }));
  const result: AuditResult = {
    schemaVersion: 1,
    tool: { name: 'parity', version: '0.1.0' },
    renderer: { name: 'kubectl', path: '/usr/bin/kubectl', version: 'v5.5.0' },
    services,
    pairs: [
      ['dev', 'staging'],
      ['staging', 'production'],
    ],
    findings,
    errors: extra.errors ?? [],
    summary: {
      services: services.length,
      renders: services.length * 3,
      findings: findings.length,
      blocking: findings.filter((finding) => finding.blocking).length,
      allowed: findings.filter((finding) => finding.allowed !== null).length,
      warnings: findings.filter((finding) => !finding.blocking && finding.allowed === null).length,
    },
  };
  if (extra.gate) result.gate = extra.gate;
  return result;
}

/**
 * The story parity exists for: staging talks to the sandbox processor without mTLS,
 * production requires it. The endpoint may differ (allowed); the TLS posture may not.
 */
export function paymentsResult(): AuditResult {
  return buildResult([
    buildFinding({
      code: 'MTLS_MISMATCH',
      path: 'spec.template.spec.containers[name=app].env[name=PROCESSOR_URL]',
      values: { staging: 'tls: none', production: 'mtls: client certificate' },
      message: 'TLS posture for endpoint PROCESSOR_URL differs between staging and production: staging "tls: none" vs production "mtls: client certificate".',
      source: { file: 'apps/payments-service/overlays/production/patch-mtls.yaml', line: 12 },
    }),
    buildAllowed({
      code: 'VALUE_DRIFT',
      path: 'spec.template.spec.containers[name=app].env[name=PROCESSOR_URL].value',
      values: { staging: 'https://sandbox.processor.example', production: 'https://api.processor.example' },
      message: 'The processor endpoint differs.',
      allowed: { rule: 'external-endpoints', reason: 'sandbox processor outside production' },
    }),
    buildAllowed(),
    buildFinding({
      code: 'SECRET_REUSED',
      severity: 'warning',
      blocking: false,
      resource: { apiVersion: 'v1', kind: 'Secret', name: 'processor-credentials' },
      path: 'data.API_KEY',
      values: { staging: '<redacted>', production: '<redacted>' },
      message: '`data.API_KEY` holds the same secret value in staging and production; each environment should have its own.',
      source: null,
    }),
    buildFinding({
      service: 'checkout',
      code: 'CROSS_ENV_REFERENCE',
      resource: { apiVersion: 'v1', kind: 'ConfigMap', name: 'checkout-config' },
      path: 'data.DATABASE_URL',
      values: { staging: 'postgres://db.staging.internal/checkout', production: 'postgres://db.staging.internal/checkout' },
      message: '`data.DATABASE_URL` in production names environment staging: postgres://db.staging.internal/checkout.',
      source: { file: 'apps/checkout/base/config.yaml', line: 4 },
    }),
    buildFinding({
      service: 'checkout',
      envs: ['dev', 'staging'],
      code: 'RESOURCE_MISSING',
      resource: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'checkout' },
      path: null,
      values: {},
      message: 'HorizontalPodAutoscaler checkout exists in staging but not in dev.',
      source: null,
    }),
  ]);
}

/** Values and messages full of characters every format has to escape. */
export function hostileResult(): AuditResult {
  return buildResult([
    buildFinding({
      service: 'web|<app>',
      resource: { apiVersion: 'v1', kind: 'ConfigMap', name: 'a|b`c<d>' },
      path: 'metadata.annotations["x.io/a|b"]',
      values: {
        staging: 'line1\nline2 | `tick` <script>alert(1)</script> & "q" \'s\' 100% a:b,c',
        production: '**bold** _em_ [link](http://x) #1 \r\n~strike~ \\ ]]> \u0007bell',
      },
      message: 'Message with | pipe, `code`, <b>html</b>, 50% & a:b,c\nsecond line ]]>',
      source: { file: 'apps/web/overlays/production/a,b:c%.yaml', line: 7 },
    }),
  ]);
}

/** `count` findings over `services` services: half blocking, a tenth warnings, the rest allowed. */
export function largeResult(count: number, services = 5): AuditResult {
  const findings: Finding[] = [];
  for (let index = 0; index < count; index += 1) {
    const service = `service-${index % services}`;
    const path = `spec.template.spec.containers[name=app].env[name=VAR_${index}].value`;
    const values = { staging: `value-${index}-staging-${'x'.repeat(40)}`, production: `value-${index}-production` };
    const kind = Math.floor(index / services);
    if (kind % 10 === 0) {
      findings.push(buildFinding({ service, path, values, code: 'SECRET_REUSED', severity: 'warning', blocking: false }));
    } else if (kind % 2 === 0) {
      findings.push(buildFinding({ service, path, values }));
    } else {
      findings.push(buildAllowed({ service, path, values }));
    }
  }
  return buildResult(findings);
}

export function renderError(overrides: Partial<ResultError> = {}): ResultError {
  return {
    code: 'RENDER_FAILED',
    service: 'payments-service',
    env: 'production',
    message: 'kustomize build failed: accumulating resources: missing file patch-mtls.yaml',
    file: 'apps/payments-service/overlays/production/kustomization.yaml',
    line: 5,
    ...overrides,
  };
}

/** An error about the configuration as a whole: it names no service, environment or file. */
export function configError(overrides: Partial<ResultError> = {}): ResultError {
  return { code: 'CONFIG_INVALID', message: 'parity.config.yaml:3: unknown key "layuot"', ...overrides };
}

export function gateVerdict(open: boolean, reasons: string[] = []): GateVerdict {
  return { service: 'payments-service', from: 'staging', to: 'production', tag: 'v1.4.2', open, reasons };
}

/** Deterministic Fisher–Yates shuffle, so order-independence tests are reproducible. */
export function shuffled<T>(items: T[], seed = 7): T[] {
  const copy = [...items];
  let state = seed;
  for (let index = copy.length - 1; index > 0; index -= 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}
