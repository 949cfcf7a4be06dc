import { describe, expect, it } from 'vitest';
import { PromoteError } from '../../src/errors.js';
import { mutableTagReason } from '../../src/bump/immutable-tag.js';
import { planPromotion, type PromotionInput } from '../../src/bump/plan.js';
import { readPromotedImage } from '../../src/bump/read-tag.js';
import type { ImageOverride, KustomizationChain } from '../../src/types.js';
import { formatPromoteNote } from '../../src/report/messages.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const base = 'apps/checkout/base/kustomization.yaml';
const overlay = (env: string) => `apps/checkout/overlays/${env}/kustomization.yaml`;

function chain(env: string, images: ImageOverride[]): KustomizationChain {
  return { files: [overlay(env), base], images, inputs: [overlay(env), base], remotes: [] };
}

function input(source: ImageOverride[], target: ImageOverride[], extra: Partial<PromotionInput> = {}): PromotionInput {
  return {
    service: 'checkout', from: 'staging', to: 'production',
    source: chain('staging', source), target: chain('production', target),
    requireImmutableTags: true, ...extra,
  };
}

const img = (env: string, fields: Omit<ImageOverride, 'file'>, line = 9): ImageOverride => ({ ...fields, file: overlay(env), line });
const baseImg = (fields: Omit<ImageOverride, 'file'>): ImageOverride => ({ ...fields, file: base, line: 4 });

describe('readPromotedImage', () => {
  it('takes the overlay entry over the base one and says which file sets it', () => {
    const c = chain('staging', [img('staging', { name: 'ghcr.io/shop/checkout', newTag: '1.5.0-9ab12cd' }), baseImg({ name: 'ghcr.io/shop/checkout', newTag: '1.0.0' })]);
    expect(readPromotedImage(c)).toEqual({ name: 'ghcr.io/shop/checkout', tag: '1.5.0-9ab12cd', file: overlay('staging'), line: 9 });
  });

  it('keeps a base tag when the overlay only renames, and reports the new repository', () => {
    const c = chain('staging', [img('staging', { name: 'app', newName: 'mirror.example/app' }), baseImg({ name: 'app', newTag: 'abc1234' })]);
    expect(readPromotedImage(c)).toEqual({ name: 'app', newName: 'mirror.example/app', tag: 'abc1234', file: base, line: 4 });
  });

  it('follows a base rename to the entry the overlay writes under the new name', () => {
    const c = chain('staging', [img('staging', { name: 'reg.example/app', digest: DIGEST }), baseImg({ name: 'app', newName: 'reg.example/app', newTag: 'v1' })]);
    expect(readPromotedImage(c)).toMatchObject({ name: 'app', newName: 'reg.example/app', digest: DIGEST, file: overlay('staging') });
    expect(readPromotedImage(c).tag).toBeUndefined();
  });

  it('picks the image named after the service among several, else asks for --image', () => {
    const c = chain('staging', [img('staging', { name: 'envoy', newTag: 'v1' }), img('staging', { name: 'ghcr.io/shop/checkout', newTag: 'abc1234' })]);
    expect(readPromotedImage(c, undefined, 'checkout').name).toBe('ghcr.io/shop/checkout');
    expect(() => readPromotedImage(c, undefined, 'cart')).toThrow(/several images .*envoy, ghcr.io\/shop\/checkout.*--image/);
    expect(readPromotedImage(c, 'envoy', 'checkout').tag).toBe('v1');
    expect(() => readPromotedImage(c, 'redis')).toThrow(PromoteError);
    expect(() => readPromotedImage(chain('staging', []))).toThrow(/no images/);
  });
});

describe('mutableTagReason', () => {
  it.each(['latest', 'main', 'master', 'stable', 'dev', 'staging', 'production', 'Latest', '', 'v1.4.2', 'release-42', '1.4.20240101x'])(
    'refuses %j',
    (tag) => expect(mutableTagReason({ tag })).not.toBeNull(),
  );
  it.each(['3f9c2ab', 'a'.repeat(40), '1.4.2-3f9c2ab', 'v1.4.2-5-g3f9c2ab', '1.4.2+sha.3f9c2ab'])('accepts %j', (tag) => {
    expect(mutableTagReason({ tag })).toBeNull();
  });
  it('accepts a sha256 digest and refuses a malformed one', () => {
    expect(mutableTagReason({ digest: DIGEST })).toBeNull();
    expect(mutableTagReason({ tag: 'latest', digest: DIGEST })).toBeNull();
    expect(mutableTagReason({ digest: 'sha256:abc' })).toMatch(/64 hex/);
    expect(mutableTagReason({ tag: 'a'.repeat(41) })).not.toBeNull();
  });
});

describe('planPromotion', () => {
  const staging = img('staging', { name: 'ghcr.io/shop/checkout', newTag: '1.5.0-9ab12cd' });

  it('updates the target overlay entry and writes the commit message', () => {
    const plan = planPromotion(input([staging], [img('production', { name: 'ghcr.io/shop/checkout', newTag: '1.4.2-3f9c2ab' }, 12)]));
    const bump = {
      image: 'ghcr.io/shop/checkout', tag: '1.5.0-9ab12cd', currentTag: '1.4.2-3f9c2ab', currentDigest: null,
      file: overlay('production'), line: 12, action: 'update', effective: true,
      source: { file: overlay('staging'), line: 9 }, repository: 'ghcr.io/shop/checkout', reasons: [],
    };
    expect(plan).toEqual({
      service: 'checkout', from: 'staging', to: 'production', ...bump,
      commitMessage: 'promote(production): checkout → 1.5.0-9ab12cd', images: [bump], tagFrom: 'source',
    });
  });

  it('adds an entry in the target overlay when only the base sets the image', () => {
    const plan = planPromotion(input([staging], [baseImg({ name: 'ghcr.io/shop/checkout', newTag: '1.0.0-1111111' })]));
    expect(plan).toMatchObject({ action: 'add', line: null, file: overlay('production'), currentTag: '1.0.0-1111111', effective: true });
  });

  it('is a noop when the target already runs the reference', () => {
    const plan = planPromotion(input([staging], [img('production', { name: 'ghcr.io/shop/checkout', newTag: '1.5.0-9ab12cd' })]));
    expect(plan.action).toBe('noop');
    expect(plan.reasons.map(formatPromoteNote)).toEqual(['production already runs ghcr.io/shop/checkout:1.5.0-9ab12cd']);
  });

  it('drops a digest pinned in the target entry, since it would override the new tag', () => {
    const plan = planPromotion(input([staging], [img('production', { name: 'ghcr.io/shop/checkout', newTag: '1.5.0-9ab12cd', digest: DIGEST })]));
    expect(plan).toMatchObject({ action: 'update', effective: true, currentDigest: DIGEST });
    expect(plan.digest).toBeUndefined();
    expect(plan.reasons.map(formatPromoteNote)).toEqual([`drops digest ${DIGEST} pinned in ${overlay('production')}`]);
  });

  it('promotes a digest and names it in the commit message when there is no tag', () => {
    const plan = planPromotion(input([img('staging', { name: 'ghcr.io/shop/checkout', digest: DIGEST })], []));
    expect(plan).toMatchObject({ action: 'add', digest: DIGEST, commitMessage: `promote(production): checkout → ${DIGEST}` });
  });

  it('is not effective when the target pulls from another repository', () => {
    const plan = planPromotion(input([staging], [img('production', { name: 'ghcr.io/shop/checkout', newName: 'mirror.example/checkout', newTag: '1.4.2-3f9c2ab' })]));
    expect(plan).toMatchObject({ action: 'update', effective: false });
    expect(plan.reasons.map(formatPromoteNote)).toEqual(['production pulls from mirror.example/checkout, staging from ghcr.io/shop/checkout']);
  });

  it('is not effective when a base renames the image and the overlay entry uses the old name', () => {
    const target = [img('production', { name: 'app', newTag: 'v0' }), baseImg({ name: 'app', newName: 'reg.example/app', newTag: 'v0' })];
    const source = [img('staging', { name: 'reg.example/app', newTag: 'abc1234' }), baseImg({ name: 'app', newName: 'reg.example/app', newTag: 'v0' })];
    const plan = planPromotion(input(source, target));
    expect(plan).toMatchObject({ image: 'app', action: 'update', effective: false });
    expect(formatPromoteNote(plan.reasons[0]!)).toMatch(/renames app to reg.example\/app, so the entry for app in .*production.* does not apply/);
  });

  it('adds the entry under the name the image carries after a base rename', () => {
    const target = [baseImg({ name: 'app', newName: 'reg.example/app', newTag: 'v0' })];
    const source = [img('staging', { name: 'reg.example/app', newTag: 'abc1234' }), ...target];
    expect(planPromotion(input(source, target))).toMatchObject({ image: 'reg.example/app', action: 'add', effective: true });
  });

  it('pins the repository as newName on an added entry, as kustomize edit set image <name>=<repo>:<tag> does', () => {
    const plan = planPromotion(input([staging], []));
    expect(plan).toMatchObject({ action: 'add', newName: 'ghcr.io/shop/checkout', tag: '1.5.0-9ab12cd' });
    expect(planPromotion(input([staging], [img('production', { name: 'ghcr.io/shop/checkout', newTag: 'v0' })])).newName).toBeUndefined();
  });

  describe('several images', () => {
    const envoy = img('staging', { name: 'envoyproxy/envoy', newTag: 'v1.31.0-1a2b3c4' });
    const rendered = (target: string[]) => ({ rendered: { source: ['ghcr.io/shop/checkout:1.5.0-9ab12cd', 'envoyproxy/envoy:v1.31.0-1a2b3c4', 'busybox:1.36'], target } });

    it('promotes every image whose reference differs, the service first, named in one subject', () => {
      const plan = planPromotion(input([envoy, staging], [], rendered(['ghcr.io/shop/checkout:1.4.2-3f9c2ab', 'envoyproxy/envoy:v1.30.1', 'busybox:1.36'])));
      expect(plan.images.map((bump) => [bump.image, bump.tag, bump.currentTag, bump.action])).toEqual([
        ['ghcr.io/shop/checkout', '1.5.0-9ab12cd', '1.4.2-3f9c2ab', 'add'],
        ['envoyproxy/envoy', 'v1.31.0-1a2b3c4', 'v1.30.1', 'add'],
      ]);
      expect(plan.commitMessage).toBe('promote(production): checkout → ghcr.io/shop/checkout:1.5.0-9ab12cd, envoyproxy/envoy:v1.31.0-1a2b3c4');
      expect(plan).toMatchObject({ image: 'ghcr.io/shop/checkout', tag: '1.5.0-9ab12cd', effective: true, tagFrom: 'source' });
    });

    it('leaves out an image the target already runs, and a leftover entry no container runs', () => {
      const stale = img('staging', { name: 'redis', newTag: '7.2.4' });
      const plan = planPromotion(input([stale, envoy, staging], [], rendered(['ghcr.io/shop/checkout:1.4.2-3f9c2ab', 'envoyproxy/envoy:v1.31.0-1a2b3c4', 'busybox:1.36'])));
      expect(plan.images.map((bump) => bump.image)).toEqual(['ghcr.io/shop/checkout']);
      expect(plan.commitMessage).toBe('promote(production): checkout → 1.5.0-9ab12cd');
    });

    it('narrows to one image with --image, and --tag promotes one image', () => {
      const target = rendered(['ghcr.io/shop/checkout:1.4.2-3f9c2ab', 'envoyproxy/envoy:v1.30.1', 'busybox:1.36']);
      expect(planPromotion(input([envoy, staging], [], { ...target, image: 'envoyproxy/envoy' })).images.map((bump) => bump.image)).toEqual(['envoyproxy/envoy']);
      const tagged = planPromotion(input([envoy, staging], [], { ...target, tag: '1.6.0-1234567' }));
      expect(tagged.images.map((bump) => [bump.image, bump.tag])).toEqual([['ghcr.io/shop/checkout', '1.6.0-1234567']]);
      expect(tagged.tagFrom).toBe('flag');
    });

    it('reads an image no images: entry names from the render, and what an entry-less target runs today', () => {
      const source = { rendered: { source: ['ghcr.io/shop/checkout:1.5.0-9ab12cd'], target: ['ghcr.io/shop/checkout:1.5.0-9ab12cd'] } };
      expect(planPromotion(input([], [], source))).toMatchObject({ action: 'noop', currentTag: '1.5.0-9ab12cd', effective: true });
      const tagged = planPromotion(input([], [], { ...source, tag: '1.6.0-1234567' }));
      expect(tagged).toMatchObject({ image: 'ghcr.io/shop/checkout', action: 'add', newName: 'ghcr.io/shop/checkout', tag: '1.6.0-1234567', line: null });
      expect(() => planPromotion(input([], [], { rendered: { source: ['a/one:1', 'b/two:2'], target: [] }, tag: '1.6.0-1234567' }))).toThrow(/several images are run \(a\/one, b\/two\); choose one with --image/);
      expect(() => planPromotion(input([], [], { rendered: { source: [], target: [] } }))).toThrow(/no images: entry/);
    });
  });

  it('lets --tag override the source tag, still checked for immutability', () => {
    expect(planPromotion(input([staging], [], { tag: '2.0.0-abcdef1' }))).toMatchObject({ tag: '2.0.0-abcdef1', reasons: [{ code: 'PROMOTE_TAG_OVERRIDE', args: { tag: '2.0.0-abcdef1', from: 'staging' } }] });
    expect(() => planPromotion(input([staging], [], { tag: 'latest' }))).toThrow(/mutable reference: tag latest is a moving name/);
  });

  it('refuses a mutable source tag only when required, pointing at the file that sets it', () => {
    const latest = img('staging', { name: 'ghcr.io/shop/checkout', newTag: 'latest' });
    const error = (() => { try { planPromotion(input([latest], [])); } catch (e) { return e as PromoteError; } })();
    expect(error).toBeInstanceOf(PromoteError);
    expect(error?.toLine()).toBe(`${overlay('staging')}:9: refusing to promote a mutable reference: tag latest is a moving name`);
    expect(planPromotion(input([latest], [], { requireImmutableTags: false })).tag).toBe('latest');
  });

  it('refuses when the source pins no tag', () => {
    expect(() => planPromotion(input([img('staging', { name: 'ghcr.io/shop/checkout', newName: 'x/y' })], []))).toThrow(/sets no tag or digest/);
  });
});
