import { refuse } from './refuse.js';
import { repositoryAsWritten, splitReference, type WrittenReference } from '../images/reference.js';
import type { KustomizationChain } from '../types.js';
import { groupImageNames, resolveImage } from './image-chain.js';
import { readPromotedImage, type PromotedImage } from './read-tag.js';

/** Container images (`name[:tag][@digest]`, as the manifests write them) of the current renders. */
export interface RenderedImages {
  source: readonly string[];
  target: readonly string[];
}

export interface ChooseInput {
  service: string;
  source: KustomizationChain;
  target: KustomizationChain;
  tag?: string;
  image?: string;
  rendered?: RenderedImages;
}

/**
 * The images a promotion carries. `--image` names one; `--tag` promotes one (the only image, or
 * the one named after the service); otherwise every image whose reference differs between the
 * source and the target, the service's own first. Images come from the source chain's
 * `images:` entries and, when the renders are known, from the containers no entry names (an
 * overlay `kustomize edit set image` has not touched yet).
 */
export function choosePromotedImages(input: ChooseInput): PromotedImage[] {
  const candidates = sourceImages(input.source, input.rendered?.source ?? []);
  if (candidates.length === 0 || input.tag !== undefined || input.image !== undefined || !input.rendered) {
    return [pickOne(input, candidates)];
  }
  const running = candidates.filter((image) => runsIn(image, input.rendered!.source));
  const differing = running.filter((image) => !sameAsTarget(image, input));
  if (differing.length === 0) return [pickOne(input, candidates)];
  return serviceFirst(differing, input.service);
}

/**
 * One image: `--image` names it (any name it carries), else the chain's choice (its only
 * override, or the one named after the service), else the only rendered image or the one named
 * after the service.
 */
function pickOne(input: ChooseInput, candidates: PromotedImage[]): PromotedImage {
  const where = { file: input.source.files[0] ?? '' };
  const known = candidates.map((image) => image.name).sort();
  if (input.image !== undefined) {
    if (chainNames(input.source).has(input.image)) return readPromotedImage(input.source, input.image, input.service);
    const match = candidates.find((image) => image.name === input.image);
    if (match) return match;
    throw refuse({ code: 'PROMOTE_IMAGE_NOT_RUN', args: { image: input.image, known } }, where);
  }
  if (groupImageNames(input.source.images).size > 0 || candidates.length === 0) return readPromotedImage(input.source, undefined, input.service);
  const own = candidates.length === 1 ? candidates : candidates.filter((image) => endsWithService(image.name, input.service));
  if (own.length !== 1) throw refuse({ code: 'PROMOTE_SEVERAL_IMAGES', args: { images: known } }, where);
  return own[0]!;
}

/** The chain's overridden images, then every rendered container image no entry names. */
function sourceImages(chain: KustomizationChain, rendered: readonly string[]): PromotedImage[] {
  const groups = groupImageNames(chain.images);
  const chained = [...groups.keys()].map((name) => readPromotedImage(chain, name));
  const named = chainNames(chain);
  const seen = new Set<string>();
  const plain: PromotedImage[] = [];
  for (const image of rendered) {
    const { repository: name, ...version } = splitReference(image);
    if (named.has(name) || seen.has(name)) continue;
    seen.add(name);
    plain.push({ name, ...version, file: chain.files[0] ?? '' });
  }
  return [...chained, ...plain];
}

/** An override whose image no container runs (a leftover entry) is never promoted on its own. */
function runsIn(image: PromotedImage, rendered: readonly string[]): boolean {
  return rendered.some((written) => repositoryAsWritten(written) === (image.newName ?? image.name));
}

function chainNames(chain: KustomizationChain): Set<string> {
  return new Set([...groupImageNames(chain.images).values()].flatMap((names) => [...names]));
}

/** True when the target already runs what the source runs for this image (repository, tag, digest). */
function sameAsTarget(image: PromotedImage, input: ChooseInput): boolean {
  const current = currentInTarget(input.target, image.name, input.rendered?.target ?? []);
  return current.repository === (image.newName ?? image.name) && current.tag === image.tag && current.digest === image.digest;
}

/**
 * What the target runs for an image today: its chain's override, or, when no entry sets a tag
 * or digest, the reference its rendered containers carry.
 */
export function currentInTarget(
  target: KustomizationChain,
  name: string,
  rendered: readonly string[],
): WrittenReference {
  const resolved = resolveImage(target.images, name);
  if (resolved.setBy) return resolved;
  const found = rendered.map(splitReference).find((image) => image.repository === resolved.repository);
  return { repository: resolved.repository, ...(found?.tag !== undefined ? { tag: found.tag } : {}), ...(found?.digest !== undefined ? { digest: found.digest } : {}) };
}

function serviceFirst(images: PromotedImage[], service: string): PromotedImage[] {
  const own = images.filter((image) => endsWithService(image.newName ?? image.name, service) || endsWithService(image.name, service));
  return [...own, ...images.filter((image) => !own.includes(image))];
}

function endsWithService(name: string, service: string): boolean {
  return name === service || name.endsWith(`/${service}`);
}
