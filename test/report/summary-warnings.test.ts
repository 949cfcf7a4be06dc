import { describe, expect, it } from 'vitest';
import { buildResult } from '../../src/pipeline/build-result.js';
import { buildAllowed, buildFinding } from './helpers.js';

const findings = () => [
  buildFinding(),
  buildFinding({ code: 'SECRET_REUSED', blocking: false, severity: 'warning', path: 'data.A' }),
  buildFinding({ code: 'ALLOW_STALE', blocking: false, severity: 'warning', service: '', envs: [], resource: null, path: null }),
  buildAllowed(),
];

describe('summary.warnings', () => {
  it('counts findings neither blocking nor allowed, beside the contract counts', () => {
    const result = buildResult({ renderer: null, services: [], pairs: [], findings: findings(), errors: [], renders: 0 });
    expect(result.summary).toEqual({ services: 0, renders: 0, findings: 4, blocking: 1, allowed: 1, warnings: 2 });
  });
});
