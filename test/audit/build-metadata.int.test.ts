import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/pipeline/build-result.js';
import { formatHuman } from '../../src/report/human.js';
import { audit } from '../../src/audit/audit.js';
import type { AuditResult, Finding } from '../../src/types.js';
import { describeFinding } from '../support/findings.js';
import { FIXTURES, copyFixture } from '../support/temp-copy.js';

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
    expect(result.withoutBuildMetadata).toBeUndefined();
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

describe('an overlay that renders without build metadata', () => {
  it('is compared by its names as rendered (never a silent pass) and named in the result', async () => {
    const copy = await copyFixture('build-metadata');
    try {
      // Its own buildMetadata makes the overlay render at its own root, without parity's wrapper.
      const file = join(copy.dir, 'apps/prefixed/overlays/production/kustomization.yaml');
      await writeFile(file, `${await readFile(file, 'utf8')}buildMetadata: [originAnnotations]\n`);
      const result = await audit({ repoDir: copy.dir, services: ['prefixed'], now: NOW, noCache: true });
      expect(result.errors).toEqual([]);
      expect(result.withoutBuildMetadata).toEqual([{ service: 'prefixed', env: 'production', reason: expect.stringMatching(/own root/) }]);
      expect(result.findings.map(describeFinding).sort()).toEqual([
        'prefixed dev:production RESOURCE_MISSING Deployment/prod-web -',
        'prefixed dev:production RESOURCE_MISSING Deployment/web -',
        'prefixed dev:production RESOURCE_MISSING Service/prod-web -',
        'prefixed dev:production RESOURCE_MISSING Service/web -',
      ]);
      expect(exitCodeOf(result)).toBe(1);
      expect(formatHuman(result)).toContain('prefixed/production: names compared as rendered');
    } finally {
      await copy.cleanup();
    }
  });
});
