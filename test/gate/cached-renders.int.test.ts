import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import { renderNormalized } from '../../src/audit/render-normalized.js';
import { gate, type GateOptions } from '../../src/gate/gate.js';
import { promote } from '../../src/promote/promote.js';
import { detectRenderer } from '../../src/render/index.js';
import type { AuditResult } from '../../src/types.js';
import { counting } from '../render/helpers.js';
import { copyFixture } from '../support/temp-copy.js';

const real = await detectRenderer();
const STAGING = 'apps/checkout-service/overlays/staging';

let repoDir: string;
let cacheDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: repoDir, cleanup } = await copyFixture('ecommerce-infra'));
  cacheDir = await mkdtemp(join(tmpdir(), 'parity-gate-cache-'));
});
afterEach(async () => {
  await cleanup();
  await rm(cacheDir, { recursive: true, force: true });
});

type Gate = Partial<Omit<GateOptions, 'repoDir' | 'renderer' | 'cacheDir'>>;

/** One gate run through the cache; how many Kustomize processes it ran and its result. */
async function gateRun(options: Gate = {}): Promise<{ calls: number; result: AuditResult }> {
  const renderer = counting(real);
  const { result } = await gate({ service: 'checkout-service', from: 'dev', to: 'staging', ...options, repoDir, renderer, cacheDir });
  return { calls: renderer.calls, result };
}

/** The same gate without the cache: what every cached run must equal. */
async function uncached(options: Gate = {}): Promise<AuditResult> {
  return (await gate({ service: 'checkout-service', from: 'dev', to: 'staging', ...options, repoDir, renderer: real, noCache: true })).result;
}

async function edit(file: string, from: string, to: string): Promise<void> {
  const path = join(repoDir, file);
  const text = await readFile(path, 'utf8');
  expect(text).toContain(from);
  await writeFile(path, text.replace(from, to));
}

describe('gate renders through the render cache', () => {
  it('serves a second gate on an unchanged repository without Kustomize, with the same result', async () => {
    const cold = await gateRun();
    expect(cold.calls).toBeGreaterThan(0);
    const warm = await gateRun();
    expect(warm.calls).toBe(0);
    expect(warm.result).toEqual(cold.result);
    expect(warm.result).toEqual(await uncached());
    expect(warm.result.gate?.tag).toBe('1.4.3-8d1e7f0');
  });

  it('renders the target after the bump again for another tag, and serves neither bump for the other', async () => {
    await gateRun();
    const other = await gateRun({ tag: '1.5.0-aaaaaaa' });
    // The source and the target as they are come from the cache; the post-bump target does not.
    expect(other.calls).toBe(1);
    expect(other.result).toEqual(await uncached({ tag: '1.5.0-aaaaaaa' }));
    expect(other.result.gate?.tag).toBe('1.5.0-aaaaaaa');
    expect(other.result.gate?.open).toBe(true);
    const back = await gateRun();
    expect(back.calls).toBe(0);
    expect(back.result.gate?.tag).toBe('1.4.3-8d1e7f0');
    expect(back.result).toEqual(await uncached());
  });

  it('renders the target again after an edit of one of its patches, and reports the edit', async () => {
    const before = await gateRun();
    await edit(`${STAGING}/patch-env.yaml`, 'value: smtp.sandbox.mail.example', 'value: smtp.relay.example');
    const after = await gateRun();
    expect(after.calls).toBeGreaterThan(0);
    expect(after.result).toEqual(await uncached());
    expect(after.result).not.toEqual(before.result);
    expect(JSON.stringify(after.result.findings)).toContain('smtp.relay.example');
  });

  it('never serves the post-bump render as the target as it is, nor the other way round', async () => {
    await gateRun();
    // Staging as it is (not as the bump would make it), beside production.
    const scope = { repoDir, renderer: real, services: ['checkout-service'], envs: ['staging', 'production'] };
    const audited = await audit({ ...scope, cacheDir });
    const fresh = await audit({ ...scope, noCache: true });
    expect({ ...audited, run: null }).toEqual({ ...fresh, run: null });
    expect(JSON.stringify(audited)).not.toContain('1.4.3-8d1e7f0');
    // And a gate after the audit still sees the bump.
    expect((await gateRun()).result).toEqual(await uncached());
  });

  it('renders a service holding a credential every run and writes none of it to the cache', async () => {
    const options = { service: 'payments-service' };
    const cold = await gateRun(options);
    const warm = await gateRun(options);
    expect(warm.calls).toBeGreaterThan(0);
    expect(warm.result).toEqual(cold.result);
    expect(warm.result).toEqual(await uncached(options));
    const files = (await readdir(cacheDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    for (const file of files) {
      const text = await readFile(join(file.parentPath, file.name), 'utf8');
      for (const secret of ['Wk3pL9qzR2xa', 'H7vN2mXc4Tqe', 'Qe8rJ5uY1bzo']) expect(text).not.toContain(secret);
    }
  });

  it('promote --dry-run gates through the cache too', async () => {
    await gateRun();
    const renderer = counting(real);
    const result = await promote({ service: 'checkout-service', from: 'dev', to: 'staging', repoDir, renderer, cacheDir, dryRun: true });
    expect(renderer.calls).toBe(0);
    expect(result.promotion?.status).toBe('dry-run');
    expect(result.gate).toEqual((await uncached()).gate);
  });
});

describe('parity render renders through the render cache', () => {
  it('serves a second render without Kustomize, and the same resources', async () => {
    const run = async () => {
      const renderer = counting(real);
      const resources = await renderNormalized({ repoDir, renderer, cacheDir, service: 'checkout-service', env: 'production' });
      return { calls: renderer.calls, resources };
    };
    const cold = await run();
    expect(cold.calls).toBeGreaterThan(0);
    const warm = await run();
    expect(warm.calls).toBe(0);
    expect(warm.resources).toEqual(cold.resources);
    expect(warm.resources).toEqual(await renderNormalized({ repoDir, renderer: real, noCache: true, service: 'checkout-service', env: 'production' }));
  });
});
