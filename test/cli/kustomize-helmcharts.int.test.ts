import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELM_INSTALL_HINT } from '../../src/helm/find-helm.js';
import { detectRendererInfo } from '../../src/render/index.js';
import type { AuditResult } from '../../src/types.js';
import { HELM, noHelm } from '../helm/helpers.js';
import { runCli } from '../support/run-cli.js';
import { copyFixture, FIXTURES } from '../support/temp-copy.js';

const REPO = join(FIXTURES, 'kustomize-helmcharts');
const KUSTOMIZE = (await detectRendererInfo()).path;
/** The chart's Secret values, raw and as the Secret holds them (base64). */
const SECRETS = ['dev-only-password-1f2e', 'prod-password-9c8b7a'].flatMap((value) => [value, Buffer.from(value).toString('base64')]);

function json(stdout: string): AuditResult {
  return JSON.parse(stdout) as AuditResult;
}

describe.skipIf(noHelm)('parity with Kustomize helmCharts', () => {
  it('audits both environments of the chart, reports their difference, records the helm, and shows no secret value', async () => {
    const run = await runCli(['audit', '--repo', REPO, '--no-cache', '--format', 'json', '--helm', HELM]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    const result = json(run.stdout);
    expect(result.errors).toEqual([]);
    expect(result.summary.renders).toBe(4);
    expect(result.renderers?.map((renderer) => renderer.name)).toEqual([result.renderer?.name, 'helm']);
    expect(result.renderers?.[1]).toMatchObject({ path: HELM, version: expect.stringMatching(/^v3\./) });
    const drift = result.findings.filter((finding) => finding.service === 'web').map((finding) => [finding.resource?.name, finding.path, finding.values]);
    expect(drift).toContainEqual(['web-config', 'data.LOG_LEVEL', { dev: 'debug', production: 'info' }]);
    expect(drift).toContainEqual(['web', 'spec.replicas', { dev: 1, production: 3 }]);
    for (const secret of SECRETS) expect(run.stdout).not.toContain(secret);
  });

  it('finds helm through PARITY_HELM, and `render` redacts the chart\'s Secret', async () => {
    const run = await runCli(['render', '--repo', REPO, '--service', 'web', '--env', 'production', '--no-cache'], { env: { PARITY_HELM: HELM } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/kind: Secret/);
    expect(run.stdout).toContain('DB_PASSWORD: <redacted>');
    for (const secret of SECRETS) expect(run.stdout).not.toContain(secret);
  });

  it('without helm, exits 2 naming what to install; the service without helmCharts still renders', async () => {
    const run = await runCli(['audit', '--repo', REPO, '--no-cache', '--format', 'json', '--kustomize', KUSTOMIZE], { env: { PATH: '', PARITY_HELM: '' } });
    expect(run.exitCode).toBe(2);
    const result = json(run.stdout);
    expect(result.errors.map((error) => `${error.service}/${error.env}`).sort()).toEqual(['web/dev', 'web/production']);
    expect(result.errors.every((error) => error.message.includes(HELM_INSTALL_HINT))).toBe(true);
    expect(result.summary.renders).toBe(2);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a PARITY_HELM that does not exist', async () => {
    const run = await runCli(['render', '--repo', REPO, '--service', 'web', '--env', 'dev', '--no-cache'], { env: { PARITY_HELM: '/nonexistent/helm' } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('PARITY_HELM: /nonexistent/helm does not exist or is not executable');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('parity offline (the default) with remote inputs', () => {
  it('exits 2 on a chart that is not vendored, naming chart, repo, version and --allow-remote, before any fetch', async () => {
    const copy = await copyFixture('kustomize-helmcharts');
    try {
      const file = join(copy.dir, 'apps/web/overlays/production/kustomization.yaml');
      const entry = '  - name: cache\n    repo: https://charts.example.invalid\n    version: 2.1.0\n    releaseName: cache\n';
      await writeFile(file, `${await readFile(file, 'utf8')}${entry}`);
      // No helm at all: the refusal comes first, from parity, without running anything.
      const run = await runCli(['audit', '--repo', copy.dir, '--no-cache', '--service', 'web'], { env: { PARITY_HELM: '/nonexistent/helm' } });
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toMatch(
        /apps\/web\/overlays\/production\/kustomization\.yaml:10: Helm chart cache \(repo https:\/\/charts\.example\.invalid, version 2\.1\.0\) is not vendored .* pass --allow-remote/,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await copy.cleanup();
    }
  });

  it('exits 2 on a remote base, naming it and --allow-remote', async () => {
    const run = await runCli(['audit', '--repo', join(FIXTURES, 'broken', 'remote-base'), '--no-cache']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toMatch(/kustomization\.yaml:6: remote resource https:\/\/github\.com\/example\/does-not-exist\/\/base\?ref=v1 cannot be fetched offline; .*--allow-remote/);
  });
});

describe('--helm and --allow-remote on every command that renders', () => {
  it.each(['audit', 'gate', 'promote', 'render', 'drift'])('%s lists them in its help and its shell completion', async (command) => {
    const help = await runCli([command, '--help']);
    expect(help.stdout).toContain('--helm <path>');
    expect(help.stdout).toContain('--allow-remote');
    const completion = await runCli(['completion', 'fish']);
    const lines = completion.stdout.split('\n').filter((line) => line.includes(`__fish_seen_subcommand_from ${command}`) || line.includes(`'${command}'`));
    expect(lines.some((line) => /-l helm\b/.test(line))).toBe(true);
    expect(lines.some((line) => /-l allow-remote\b/.test(line))).toBe(true);
  });
});
