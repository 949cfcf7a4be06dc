import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import { describeFinding } from '../support/findings.js';

/**
 * The practice corpus (real trees from public repos) lives beside the project, not in it:
 * a fresh clone or CI has no `../shared/corpus`, so this suite skips there. Where it exists,
 * each tree is audited with the config a user would write: every overlay must render and
 * identity matching must leave no spurious RESOURCE_MISSING.
 */
const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus');
const HAVE_CORPUS = existsSync(join(CORPUS, 'README.md'));
const NOW = new Date('2026-06-01T00:00:00Z');

const overlays = (envs: string[], dir: (env: string) => string) =>
  envs.map((env) => `      ${env}: ${dir(env)}`).join('\n');

const TREES = [
  {
    tree: 'podinfo/deploy',
    config: `environments: [dev, staging, production]\nservices:\n  - name: podinfo\n    overlays:\n${overlays(['dev', 'staging', 'production'], (env) => `overlays/${env}`)}\n`,
    renders: 3,
    missing: [],
    findings: 0,
  },
  {
    tree: 'kustomize-examples/ldap',
    config: `environments: [staging, production]\nservices:\n  - name: ldap\n    overlays:\n${overlays(['staging', 'production'], (env) => `overlays/${env}`)}\n`,
    renders: 2,
    missing: ['ldap staging:production RESOURCE_MISSING ConfigMap/env-config -'],
  },
  {
    tree: 'kustomize-examples/springboot',
    config: `environments: [staging, production]\nservices:\n  - name: springboot\n    overlays:\n${overlays(['staging', 'production'], (env) => `overlays/${env}`)}\n`,
    renders: 2,
    missing: [],
  },
  {
    tree: 'kustomize-examples/multibases',
    config: 'environments: [dev, staging, production]\nlayout: "{env}"\nservices:\n  - name: myapp\n',
    renders: 3,
    missing: [],
    findings: 0,
  },
  {
    tree: 'many-appsets-demo/apps',
    config:
      'environments: [qa, staging, prod-us, prod-eu]\nlayout: apps/{service}/envs/{env}\n' +
      'services:\n  - {name: billing, envs: [prod-us, prod-eu]}\n  - {name: fake-invoices, envs: [qa]}\n' +
      '  - {name: invoices}\n  - {name: orders, envs: [qa, staging, prod-us]}\n  - {name: payments, envs: [prod-us, prod-eu]}\n',
    // The tree is copied under apps/ so the layout reads as in the original repository.
    under: 'apps',
    renders: 12,
    missing: [],
  },
];

describe.skipIf(!HAVE_CORPUS)('the practice corpus at ../shared/corpus (skipped when absent: it is not part of the project)', () => {
  const roots: string[] = [];
  afterAll(async () => {
    await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
  });

  it.each(TREES)('$tree renders every overlay with no spurious RESOURCE_MISSING', async (entry) => {
    const root = await mkdtemp(join(tmpdir(), 'parity-corpus-'));
    roots.push(root);
    await cp(join(CORPUS, entry.tree), join(root, entry.under ?? ''), { recursive: true });
    await writeFile(join(root, 'parity.config.yaml'), entry.config);
    const result = await audit({ repoDir: root, now: NOW });
    expect(result.errors).toEqual([]);
    expect(result.summary.renders).toBe(entry.renders);
    const missing = result.findings.filter((finding) => finding.code === 'RESOURCE_MISSING').map(describeFinding);
    expect(missing).toEqual(entry.missing);
    if (entry.findings !== undefined) expect(result.findings.map(describeFinding)).toHaveLength(entry.findings);
    expect(result.findings.filter((finding) => finding.code === 'CROSS_ENV_REFERENCE').map(describeFinding)).toEqual([]);
  });
});
