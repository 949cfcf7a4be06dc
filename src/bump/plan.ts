import { refuse } from './refuse.js';
import type { ImageOverride, KustomizationChain } from '../types.js';
import type { PromoteNote, PromoteReason } from '../reason-args.js';
import { isDigestForm, referenceProblem } from '../images/grammar.js';
import { formatReference } from '../images/reference.js';
import { groupImageNames, nameArrivingAt, resolveImage, type ImageReference } from './image-chain.js';
import { mutableTagReason } from './immutable-tag.js';
import { type PromotedImage } from './read-tag.js';
import { choosePromotedImages, currentInTarget, type RenderedImages } from './choose-images.js';

export interface PromotionInput {
  service: string;
  from: string;
  to: string;
  source: KustomizationChain;
  target: KustomizationChain;
  /** `--tag`: promote this tag (or `sha256:` digest) instead of the one the source runs. */
  tag?: string;
  /** `--image`: which image, when the chain overrides several. */
  image?: string;
  requireImmutableTags: boolean;
  /**
   * The container images the source and the target run today, as rendered: they find the images
   * no `images:` entry names yet and what an overlay without an entry runs.
   */
  rendered?: RenderedImages;
}

/** One image of a promotion: what the target kustomization gets for it. */
export interface ImageBump {
  /** The `images[].name` of the target entry to update or add. */
  image: string;
  /** The reference the target gets: the tag and/or digest, exactly these (the other is dropped). */
  tag?: string;
  digest?: string;
  /** What the target runs today. */
  currentTag: string | null;
  currentDigest: string | null;
  /** Repo-relative kustomization to edit: the target overlay's own. */
  file: string;
  /** Line of the entry to update; null when one is added. */
  line: number | null;
  action: 'update' | 'add' | 'noop';
  /** False when, after the bump, the target would still not run the promoted image. */
  effective: boolean;
  /** Where the source environment sets the image (the promoted tag's origin unless `tagFrom` is `flag`). */
  source: { file: string; line: number | null };
  /** The repository the source pulls the image from; an added entry pins it as `newName`. */
  repository: string;
  /** Set only on an added entry: `newName`, as `kustomize edit set image <name>=<repo>:<tag>` writes it. */
  newName?: string;
  /** What the plan overrides or drops, and why it would not take effect (worded by the report stage). */
  reasons: PromoteNote[];
}

/**
 * What `parity promote` will write; plain data, computed without touching the disk. The
 * top-level image fields describe the first image (the service's own); `images` lists every
 * image the promotion carries, all written in one commit.
 */
export interface PromotionPlan extends ImageBump {
  service: string;
  from: string;
  to: string;
  commitMessage: string;
  images: ImageBump[];
  /** `flag`: the reference came from `--tag`; `source`: from what the source environment runs. */
  tagFrom: 'source' | 'flag';
  /**
   * `helm`: the target is a Helm environment; `file` is its own values file and each image's
   * `image` the values key that holds its tag. Absent: a Kustomize overlay.
   */
  kind?: 'helm';
}

type Reference = { tag?: string; digest?: string };

export function planPromotion(input: PromotionInput): PromotionPlan {
  const file = input.target.files[0];
  if (file === undefined) throw refuse({ code: 'PROMOTE_NO_KUSTOMIZATION', args: { env: input.to } });
  return planOfBumps(input, choosePromotedImages(input).map((promoted) => planImage(input, promoted, file)));
}

/**
 * The plan of a promotion from its image bumps (Kustomize images or Helm values keys): the first
 * bump that changes something leads, every bump must take effect, reasons name their image
 * when there are several, one commit message.
 */
export function planOfBumps(input: { service: string; from: string; to: string; tag?: string | undefined }, bumps: ImageBump[]): PromotionPlan {
  const active = bumps.filter((bump) => bump.action !== 'noop');
  const primary = active[0] ?? bumps[0]!;
  const several = bumps.length > 1;
  return {
    ...primary,
    service: input.service,
    from: input.from,
    to: input.to,
    effective: bumps.every((bump) => bump.effective),
    reasons: bumps.flatMap((bump) => (several ? bump.reasons.map((reason) => ({ ...reason, image: bump.image })) : bump.reasons)),
    commitMessage: commitMessageOf(input, bumps),
    images: bumps,
    tagFrom: input.tag !== undefined ? 'flag' : 'source',
  };
}

/** `promote(<to>): <service> → <tag>`, or every image that changes when the promotion carries several. */
function commitMessageOf(input: { to: string; service: string }, bumps: ImageBump[]): string {
  const active = bumps.filter((bump) => bump.action !== 'noop');
  const primary = active[0] ?? bumps[0]!;
  return `promote(${input.to}): ${input.service} → ${bumps.length > 1 ? active.map(formatBump).join(', ') : referenceText(primary)}`;
}

function referenceText(ref: Reference): string {
  return ref.tag ?? ref.digest ?? '';
}

/** `name:tag`, `name@digest` or `name:tag@digest`: one image of a multi-image subject or trailer. */
export function formatBump(bump: ImageBump): string {
  return `${bump.image}${bump.tag !== undefined ? `:${bump.tag}` : ''}${bump.digest !== undefined ? `@${bump.digest}` : ''}`;
}

function planImage(input: PromotionInput, promoted: PromotedImage, file: string): ImageBump {
  const ref = chooseReference(input, promoted);
  const entry = findTargetEntry(input.target, file, promoted.name);
  const name = entry?.name ?? nameArrivingAt(input.target.images, file, promoted.name);
  const current = currentInTarget(input.target, promoted.name, input.rendered?.target ?? []);
  const repository = promoted.newName ?? promoted.name;
  const action = chooseAction(current, ref, entry);
  const added = action === 'add' ? { newName: repository } : {};
  const after = resolveImage(bumpedImages(input.target.images, entry, { ...toOverride(name, file, ref), ...added }), promoted.name);
  return {
    image: name,
    ...ref,
    ...currentOf(current),
    file,
    line: entry?.line ?? null,
    action,
    effective: after.repository === repository && sameReference(after, ref),
    source: { file: promoted.file, line: promoted.line ?? null },
    repository,
    ...added,
    reasons: explain({ input, promoted, ref, entry, current, after, repository, action }),
  };
}

function chooseAction(current: Reference, ref: Reference, entry: ImageOverride | undefined): PromotionPlan['action'] {
  if (sameReference(current, ref)) return 'noop';
  return entry ? 'update' : 'add';
}

function currentOf(current: Reference): { currentTag: string | null; currentDigest: string | null } {
  return { currentTag: current.tag ?? null, currentDigest: current.digest ?? null };
}

/** The reference to promote (`--tag`, else what the source runs), refused when absent, invalid or (by policy) mutable. */
export function chooseReference(input: Pick<PromotionInput, 'from' | 'tag' | 'requireImmutableTags'>, promoted: PromotedImage): Reference {
  const ref = referenceFrom(input.tag, promoted);
  const where = { file: promoted.file, ...(promoted.line ? { line: promoted.line } : {}) };
  if (ref.tag === undefined && ref.digest === undefined) {
    throw refuse({ code: 'PROMOTE_NO_REFERENCE', args: { env: input.from, image: promoted.name } }, where);
  }
  const invalid = referenceProblem(ref);
  if (invalid) throw refuse({ code: 'PROMOTE_INVALID_REFERENCE', args: { problem: invalid } }, input.tag !== undefined ? {} : where);
  const mutable = input.requireImmutableTags ? mutableTagReason(ref) : null;
  if (mutable) throw refuse({ code: 'PROMOTE_MUTABLE_REFERENCE', args: { reason: mutable } }, where);
  return ref;
}

function referenceFrom(override: string | undefined, promoted: PromotedImage): Reference {
  if (override !== undefined) return isDigestForm(override) ? { digest: override } : { tag: override };
  const ref: Reference = {};
  if (promoted.tag !== undefined) ref.tag = promoted.tag;
  if (promoted.digest !== undefined) ref.digest = promoted.digest;
  return ref;
}

/** The target overlay's own entry for the image: the one named as the image arrives there, else any of its names. */
function findTargetEntry(target: KustomizationChain, file: string, name: string): ImageOverride | undefined {
  const arriving = nameArrivingAt(target.images, file, name);
  const names = groupImageNames(target.images).get(name) ?? new Set([name]);
  const own = target.images.filter((entry) => entry.file === file);
  return own.find((entry) => entry.name === arriving) ?? own.find((entry) => names.has(entry.name));
}

function bumpedImages(images: readonly ImageOverride[], entry: ImageOverride | undefined, bumped: ImageOverride): ImageOverride[] {
  if (!entry) return [bumped, ...images];
  const replaced: ImageOverride = { ...entry };
  delete replaced.newTag;
  delete replaced.digest;
  Object.assign(replaced, toOverride(entry.name, entry.file, { tag: bumped.newTag, digest: bumped.digest }));
  return images.map((image) => (image === entry ? replaced : image));
}

function toOverride(name: string, file: string, ref: { tag?: string | undefined; digest?: string | undefined }): ImageOverride {
  const entry: ImageOverride = { name, file };
  if (ref.tag !== undefined) entry.newTag = ref.tag;
  if (ref.digest !== undefined) entry.digest = ref.digest;
  return entry;
}

function sameReference(a: Reference, b: Reference): boolean {
  return a.tag === b.tag && a.digest === b.digest;
}

interface Explained {
  input: PromotionInput;
  promoted: PromotedImage;
  ref: Reference;
  entry: ImageOverride | undefined;
  current: Pick<ImageReference, 'repository' | 'tag' | 'digest'>;
  after: ImageReference;
  repository: string;
  action: PromotionPlan['action'];
}

function explain(e: Explained): PromoteReason[] {
  const { input, ref, entry } = e;
  const reasons: PromoteReason[] = [];
  if (input.tag !== undefined) reasons.push({ code: 'PROMOTE_TAG_OVERRIDE', args: { tag: input.tag, from: input.from } });
  if (e.action === 'noop') reasons.push({ code: 'PROMOTE_ALREADY_RUNS', args: { to: input.to, reference: formatReference(e.current) } });
  if (entry?.digest !== undefined && ref.digest === undefined && e.action !== 'noop') {
    reasons.push({ code: 'PROMOTE_DROPS_DIGEST', args: { digest: entry.digest, file: entry.file } });
  }
  if (entry?.newTag !== undefined && ref.tag === undefined && e.action !== 'noop') {
    reasons.push({ code: 'PROMOTE_DROPS_TAG', args: { tag: entry.newTag, file: entry.file } });
  }
  reasons.push(...ineffective(e));
  return reasons;
}

function ineffective(e: Explained): PromoteReason[] {
  const { input, after, repository } = e;
  const target = input.target;
  const file = target.files[0]!;
  const reasons: PromoteReason[] = [];
  const arriving = nameArrivingAt(target.images, file, e.promoted.name);
  if (e.entry && e.entry.name !== arriving) {
    reasons.push({ code: 'PROMOTE_ENTRY_RENAMED', args: { image: e.promoted.name, arriving, entry: e.entry.name, file } });
  }
  if (after.repository !== repository) {
    reasons.push({ code: 'PROMOTE_OTHER_REPOSITORY', args: { to: input.to, toRepository: after.repository, from: input.from, fromRepository: repository } });
  } else if (!sameReference(after, e.ref)) {
    reasons.push({ code: 'PROMOTE_STILL_RUNS', args: { to: input.to, reference: formatReference(after) } });
  }
  return reasons;
}
