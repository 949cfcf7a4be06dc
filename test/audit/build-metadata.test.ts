import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import type { AuditResult, Finding } from '../../src/types.js';
import { describeFinding } from '../support/findings.js';
import { FIXTURES } from '../support/temp-copy.js';

/**
 * Object identity and provenance from Kustomize's build metadata (fixtures/build-metadata and
 * fixtures/side-by-side-names), audited with the real Kustomize: the exact findings and where
 * each is cited.
 */
const NOW = new Date('2026-06-01T00:00:00Z');

function sourceOf(finding: Finding): string {
  return `${describeFinding(finding)} → ${finding.source?.file}:${finding.source?.line}`;
}

describe('identity from build metadata (fixtures/build-metadata)', () => {
  let result: AuditResult;
  beforeAll(async () => {
    result = await audit({ repoDir: join(FIXTURES, 'build-metadata'), now: NOW, noCache: true });
  });

  it('renders every overlay with its origins and no error', () => {
    expect(result.errors).toEqual([]);
    expect(result.summary.renders).toBe(7);
  });

  it('reports exactly the dev-only Deployment and the patched value, each at its own file and line', () => {
    expect(result.findings.map(sourceOf).sort()).toEqual([
      'extras dev:production RESOURCE_MISSING Deployment/debug-shell - → apps/extras/overlays/dev/debug-tools.yaml:10',
      'extras dev:production VALUE_DRIFT Deployment/api spec.template.spec.containers[name=api].env[name=LOG_LEVEL].value → apps/extras/overlays/production/patch-logging.yaml:12',
    ]);
  });

  it('pairs sibling shards by their own prefixes, in whatever order an environment lists them', () => {
    expect(result.findings.filter((finding) => finding.service === 'shards')).toEqual([]);
    expect(result.services).toContainEqual({ name: 'shards', envs: ['dev', 'staging', 'production'] });
  });

  it('matches one base under dev- in one environment and prod- in the other', () => {
    expect(result.services).toContainEqual({ name: 'prefixed', envs: ['dev', 'production'] });
    expect(result.findings.filter((finding) => finding.service === 'prefixed')).toEqual([]);
  });
});

describe('identity from build metadata (fixtures/side-by-side-names)', () => {
  it('pairs x-staging and x-production of one base each with itself', async () => {
    const result = await audit({ repoDir: join(FIXTURES, 'side-by-side-names'), now: NOW, noCache: true });
    expect(result.errors).toEqual([]);
    expect(result.findings).toEqual([]);
  });
});
