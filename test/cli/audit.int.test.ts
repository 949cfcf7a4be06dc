import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/types.js';
import { runCli } from '../support/run-cli.js';
import { FIXTURES } from '../support/temp-copy.js';

const REPO = join(FIXTURES, 'ecommerce-infra');

describe('parity audit from the command line', () => {
  it('blocks payments-service on the mTLS mismatch (the quick start), plain text under NO_COLOR', async () => {
    const run = await runCli(['audit', '--repo', REPO, '--service', 'payments-service']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('✗ MTLS_MISMATCH  spec.template.spec.containers[name=payments-service].env[name=PROCESSOR_URL]');
    expect(run.stdout).toContain('at apps/payments-service/overlays/production/patch-mtls.yaml:11');
    expect(run.stdout).toContain('BLOCKED: 1 difference no policy allows (exit 1)');
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stderr).toBe('');
  });

  it('passes checkout-service with exit 0', async () => {
    const run = await runCli(['audit', '--repo', REPO, '--service', 'checkout-service']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('PASS: no blocking differences');
  });

  it('colours only when asked to on a non-TTY (FORCE_COLOR) and never under NO_COLOR', async () => {
    const forced = await runCli(['audit', '--repo', REPO, '--service', 'checkout-service'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(forced.stdout).toContain('\u001b[');
  });

  it('prints the JSON contract and writes --out atomically', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parity-out-'));
    try {
      const out = join(dir, 'report.json');
      const run = await runCli(['audit', '--repo', REPO, '--format', 'json', '--out', out]);
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toBe('');
      const result = JSON.parse(await readFile(out, 'utf8')) as AuditResult;
      expect(result.schemaVersion).toBe(1);
      expect(result.summary.blocking).toBe(6);
      expect(await readdir(dir)).toEqual(['report.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--fail-on never reports but does not block', async () => {
    const run = await runCli(['audit', '--repo', REPO, '--service', 'payments-service', '--fail-on', 'never', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout) as AuditResult;
    expect(result.findings.some((finding) => finding.code === 'MTLS_MISMATCH' && !finding.blocking)).toBe(true);
  });

  it.each([
    ['an unknown flag', ['audit', '--repo', REPO, '--sevice', 'x'], /unknown option '--sevice'/],
    ['an unknown format', ['audit', '--repo', REPO, '--format', 'yaml'], /unknown format 'yaml' \(known: human, json/],
    ['an unknown service', ['audit', '--repo', REPO, '--service', 'billing'], /unknown service 'billing' \(known: /],
    ['a service escaping the repo', ['audit', '--repo', REPO, '--service', '../..'], /invalid service name '\.\.\/\.\.'/],
    ['an unknown environment', ['audit', '--repo', REPO, '--env', 'qa'], /unknown env 'qa'/],
    ['a missing config file', ['audit', '--repo', REPO, '--config', 'nope.yaml'], /nope\.yaml/],
  ])('exits 2 on %s', async (_name, args, message) => {
    const run = await runCli(args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('parity fails closed on broken repositories (exit 2, file and line, no stack trace)', () => {
  it.each([
    ['malformed-yaml', /apps\/svc\/overlays\/production\/kustomization\.yaml:7: invalid YAML/],
    ['missing-base', /base-that-does-not-exist/],
    ['remote-base', /kustomization\.yaml:6: remote resource https:\/\/github\.com\/example\/does-not-exist\/\/base\?ref=v1 cannot be fetched offline/],
    ['alias-bomb', /apps\/svc\/overlays\/production\/patch-labels\.yaml.*alias/],
    ['bad-policy', /policies\/replicas\.yaml:6: unknown key 'allows' in 'spec'/],
    ['bad-config', /parity\.config\.yaml:1: 'environments' must be a list/],
  ])('%s', async (name, message) => {
    const run = await runCli(['audit', '--repo', join(FIXTURES, 'broken', name), '--format', 'json']);
    expect(run.exitCode).toBe(2);
    expect(`${run.stdout}\n${run.stderr}`).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    if (run.stdout) {
      const result = JSON.parse(run.stdout) as AuditResult;
      expect(result.errors.length).toBeGreaterThan(0);
    }
  });

  it('a Kustomize hang times out and fails closed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parity-hang-'));
    try {
      const script = join(dir, 'kustomize');
      const { writeFile, chmod } = await import('node:fs/promises');
      await writeFile(script, '#!/bin/sh\nif [ "$1" = version ]; then echo v5.5.0; exit 0; fi\nsleep 30\n');
      await chmod(script, 0o755);
      const run = await runCli(['audit', '--repo', REPO, '--service', 'checkout-service', '--kustomize', script, '--timeout', '1']);
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toMatch(/RENDER_TIMEOUT/);
      expect(run.stdout).toMatch(/did not finish within 1s/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('parity render', () => {
  let run: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    run = await runCli(['render', '--repo', REPO, '--service', 'payments-service', '--env', 'production']);
  });
  afterAll(() => undefined);

  it('prints the normalized render with names stripped of hash suffixes and secrets redacted', () => {
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('# /Secret/payments-db');
    expect(run.stdout).toContain('<redacted>');
    expect(run.stdout).not.toContain('Qe8rJ5uY1bzo');
    expect(run.stdout).not.toContain(Buffer.from('Qe8rJ5uY1bzo').toString('base64'));
    expect(run.stdout).not.toMatch(/namespace: ecommerce-production/);
  });
});
