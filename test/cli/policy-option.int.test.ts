import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';
import { FIXTURES } from '../support/temp-copy.js';

const REPO = join(FIXTURES, 'ecommerce-infra');

const DEBUG_POLICY = `apiVersion: parity.dev/v1alpha1
kind: ParityPolicy
metadata: {name: auditor}
spec:
  allow:
    - id: debug-flag
      reason: debug logging differs per environment by design
      kinds: [Deployment]
      paths: ["spec.template.spec.containers[*].env[name=DEBUG]"]
`;

describe('--policy FILE: a policy from outside the repo', () => {
  let outside: string;
  let policy: string;
  beforeAll(async () => {
    outside = await mkdtemp(join(tmpdir(), 'parity-policy-'));
    policy = join(outside, 'debug.yaml');
    await writeFile(policy, DEBUG_POLICY);
  });
  afterAll(() => rm(outside, { recursive: true, force: true }));

  it('applies after the repo policies and is recorded in the run digest', async () => {
    const args = ['audit', '--repo', REPO, '--service', 'inventory-service', '--format', 'json', '--shard', '1/1'];
    const without = await runCli(args);
    expect(without.exitCode).toBe(1);
    const withPolicy = await runCli([...args, '--policy', policy]);
    expect(withPolicy.stderr).toBe('');
    expect(withPolicy.exitCode).toBe(0);
    const before = JSON.parse(without.stdout) as AuditResult;
    const after = JSON.parse(withPolicy.stdout) as AuditResult;
    const debug = after.findings.filter((finding) => finding.path?.endsWith('env[name=DEBUG]'));
    expect(debug).toHaveLength(2);
    for (const finding of debug) expect(finding.allowed).toMatchObject({ rule: 'debug-flag' });
    expect(after.shard!.policyDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(after.shard!.policyDigest).not.toBe(before.shard!.policyDigest);
  });

  it('is relative to the working directory and repeatable', async () => {
    await writeFile(join(outside, 'second.yaml'), DEBUG_POLICY.replace('debug-flag', 'debug-again').replace('{name: auditor}', '{name: second}'));
    const run = await runCli(['audit', '--repo', REPO, '--service', 'inventory-service', '--policy', 'debug.yaml', '--policy', 'second.yaml', '--quiet'], { cwd: outside });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('parity: no blocking differences');
    expect(run.exitCode).toBe(0);
  });

  it('a --policy file that does not exist, or is a folder, is one line and exit 2', async () => {
    const missing = await runCli(['audit', '--repo', REPO, '--policy', join(outside, 'nope.yaml')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr.trim()).toBe(`parity: ${join(outside, 'nope.yaml')}: --policy: policy file not found`);
    const folder = await runCli(['audit', '--repo', REPO, '--policy', outside]);
    expect(folder.exitCode).toBe(2);
    expect(folder.stderr.trim()).toBe(`parity: ${outside}: --policy: not a file (name each policy file)`);
  });

  it('is validated like the repo policies: a bad key names the file and line', async () => {
    const bad = join(outside, 'bad.yaml');
    await writeFile(bad, DEBUG_POLICY.replace('reason:', 'reasn:'));
    const run = await runCli(['audit', '--repo', REPO, '--policy', bad]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim()).toBe(`parity: ${bad}:6: missing required key 'spec.allow[0].reason'`);
  });
});

/** Files of a service with one ConfigMap per overlay. */
function overlay(dir: string, mode = 'normal'): Record<string, string> {
  return {
    [`${dir}/kustomization.yaml`]: 'resources: [configmap.yaml]\n',
    [`${dir}/configmap.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  MODE: ${mode}\n`,
  };
}

describe('layout: and services: in one config both apply', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), 'parity-layout-services-'));
    const files: Record<string, string> = {
      'parity.config.yaml': [
        'environments: [dev, staging, production]',
        'layout: apps/{service}/overlays/{env}',
        'services:',
        '  - name: legacy',
        '    overlays: {dev: legacy/dev, staging: legacy/staging, production: legacy/prod}',
        '  - name: web',
        '    envs: [dev, production]',
        '',
      ].join('\n'),
      ...overlay('apps/api/overlays/dev'),
      ...overlay('apps/api/overlays/staging'),
      ...overlay('apps/api/overlays/production'),
      ...overlay('apps/web/overlays/dev'),
      ...overlay('apps/web/overlays/production'),
      // The layout finds a `legacy` too; the listed one, with its own overlays, replaces it.
      ...overlay('apps/legacy/overlays/dev', 'layout'),
      ...overlay('legacy/dev'),
      ...overlay('legacy/staging'),
      ...overlay('legacy/prod'),
    };
    for (const [file, text] of Object.entries(files)) {
      await mkdir(dirname(join(repo, file)), { recursive: true });
      await writeFile(join(repo, file), text);
    }
  });
  afterAll(() => rm(repo, { recursive: true, force: true }));

  it('discovers the layout services and keeps the listed ones, which win by name', async () => {
    const run = await runCli(['audit', '--repo', repo, '--format', 'json', '--no-cache']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.services).toEqual([
      { name: 'api', envs: ['dev', 'staging', 'production'] },
      { name: 'legacy', envs: ['dev', 'staging', 'production'] },
      { name: 'web', envs: ['dev', 'production'] },
    ]);
    // legacy's dev is its listed overlay (MODE: normal everywhere), not the layout's (MODE: layout).
    expect(result.findings.filter((finding) => finding.service === 'legacy' && finding.allowed === null)).toEqual([]);
  });
});
