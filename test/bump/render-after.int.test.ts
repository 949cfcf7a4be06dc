import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { RenderError } from '../../src/errors.js';
import { planPromotion } from '../../src/bump/plan.js';
import { renderAfterBump } from '../../src/bump/render-after.js';
import { detectRenderer, readKustomizationChain } from '../../src/render/index.js';
import type { Renderer } from '../../src/types.js';

const FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/ecommerce-infra');
const overlay = (env: string) => `apps/checkout-service/overlays/${env}`;
const IMAGE = 'ghcr.io/ecommerce/checkout-service';

let repoDir: string;
beforeAll(async () => {
  repoDir = await mkdtemp(join(tmpdir(), 'parity-render-after-'));
  await cp(FIXTURE, repoDir, { recursive: true });
});
afterAll(async () => rm(repoDir, { recursive: true, force: true }));

/** The real renderer, remembering the directories it was asked to render. */
async function recordingRenderer(): Promise<{ renderer: Renderer; dirs: string[] }> {
  const real = await detectRenderer();
  const dirs: string[] = [];
  return { dirs, renderer: { info: real.info, render: (dir, options) => (dirs.push(dir), real.render(dir, options)) } };
}

async function chains(from: string, to: string) {
  const [source, target] = await Promise.all([from, to].map((env) => readKustomizationChain(join(repoDir, overlay(env)), repoDir)));
  return { source: source!, target: target! };
}

describe('renderAfterBump', () => {
  it('renders the target with the new tag and leaves the working tree and temp dir clean', async () => {
    const { source, target } = await chains('dev', 'staging');
    const plan = planPromotion({ service: 'checkout-service', from: 'dev', to: 'staging', source, target, requireImmutableTags: true });
    const file = join(repoDir, plan.file);
    const before = await readFile(file, 'utf8');
    const { renderer, dirs } = await recordingRenderer();

    const rendered = stringify((await renderAfterBump(plan, { repoDir, chain: target, renderer, overlayDir: overlay('staging') })).resources);

    expect(rendered).toContain(`image: ${IMAGE}:1.4.3-8d1e7f0`);
    expect(rendered).not.toContain('1.4.2-3f9c2ab');
    expect(rendered).toContain('namespace: ecommerce-staging');
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await renderer.render(join(repoDir, overlay('staging')))).toContain(`image: ${IMAGE}:1.4.2-3f9c2ab`);
    expect(dirs[0]).not.toBe(join(repoDir, overlay('staging')));
    expect(existsSync(dirs[0]!)).toBe(false);
  });

  it('renders a digest promotion as repository@digest', async () => {
    const { source, target } = await chains('dev', 'production');
    const digest = `sha256:${'c'.repeat(64)}`;
    const plan = planPromotion({ service: 'checkout-service', from: 'dev', to: 'production', source, target, tag: digest, requireImmutableTags: true });
    const { renderer } = await recordingRenderer();
    const rendered = stringify((await renderAfterBump(plan, { repoDir, chain: target, renderer, overlayDir: overlay('production') })).resources);
    expect(rendered).toContain(`image: ${IMAGE}@${digest}`);
  });

  it('reports a failed render against the overlay, without the temporary path, and still cleans up', async () => {
    const { source, target } = await chains('dev', 'staging');
    const plan = planPromotion({ service: 'checkout-service', from: 'dev', to: 'staging', source, target, requireImmutableTags: true });
    const { renderer, dirs } = await recordingRenderer();
    const partial = { ...target, inputs: target.inputs.filter((input) => !input.endsWith('patch-env.yaml')) };
    const error = await renderAfterBump(plan, { repoDir, chain: partial, renderer, overlayDir: overlay('staging') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).overlay).toBe(overlay('staging'));
    expect((error as RenderError).message).toMatch(/^after the bump: /);
    expect((error as RenderError).message).not.toContain(tmpdir());
    expect(existsSync(dirs[0]!)).toBe(false);
  });
});
