import { isAbsolute } from 'node:path';
import { refuse } from './refuse.js';
import type { HelmSource } from '../types.js';
import type { PromoteReason } from '../reason-args.js';
import {
  digestKeyOf, referenceValue, settingIn, settingLocation, settingSource, winningSetting, type Setting, type ValuesLayer,
} from './helm-values.js';
import { chooseReference, planOfBumps, type ImageBump, type PromotionPlan } from './plan.js';
import type { PromotedImage } from './read-tag.js';
import { DEFAULT_IMAGE_KEYS } from '../discover/normalize-helm.js';

/** One Helm environment: its source and its values inputs, read (see readValuesLayers). */
interface HelmValues {
  source: HelmSource;
  layers: ValuesLayer[];
}

export interface HelmPromotionInput {
  service: string;
  from: string;
  to: string;
  source: HelmValues;
  target: HelmValues;
  /** `--tag`: promote this tag instead of the one the source runs. */
  tag?: string;
  /** `--image`: which of the service's image keys, when it has several. */
  image?: string;
  requireImmutableTags: boolean;
}

type Reference = { tag?: string | undefined; digest?: string | undefined };

/**
 * What `parity promote` writes for a Helm service: the source's tag (its merged values at each
 * image key, with the sibling `digest` key) into the target's own values file. Plain data,
 * computed from values already read; `effective` is false when an input helm applies after
 * that file (a later values file, inline values, a parameter) still sets the key.
 */
export function planHelmPromotion(input: HelmPromotionInput): PromotionPlan {
  const file = ownValuesFile(input);
  return { ...planOfBumps(input, chooseKeys(input).map((key) => planKey(input, key, file))), kind: 'helm' };
}

/** The target's own values file: its last one that the source does not read too. */
function ownValuesFile(input: HelmPromotionInput): string {
  const shared = new Set(input.source.source.valuesFiles);
  const own = input.target.source.valuesFiles.filter((file) => !shared.has(file)).at(-1);
  const declared = input.target.source.declaredIn;
  if (own === undefined) {
    throw refuse({ code: 'PROMOTE_NO_OWN_VALUES_FILE', args: { from: input.from, to: input.to } }, declared);
  }
  if (isAbsolute(own) || own.startsWith('../')) throw refuse({ code: 'PROMOTE_VALUES_OUTSIDE_REPO', args: { env: input.to } }, { file: own });
  return own;
}

function imageKeysOf(source: HelmSource): string[] {
  return source.imageKeys?.length ? source.imageKeys : DEFAULT_IMAGE_KEYS;
}

/** `--image` names a key; `--tag` promotes the first; otherwise every key whose reference differs (else the first). */
function chooseKeys(input: HelmPromotionInput): string[] {
  const keys = imageKeysOf(input.source.source);
  const targetKeys = imageKeysOf(input.target.source);
  if (keys.join('\n') !== targetKeys.join('\n')) {
    throw refuse({ code: 'PROMOTE_IMAGE_KEYS_DIFFER', args: { from: input.from, fromKeys: keys, to: input.to, toKeys: targetKeys } }, input.target.source.declaredIn);
  }
  if (input.image !== undefined) {
    if (!keys.includes(input.image)) throw refuse({ code: 'PROMOTE_UNKNOWN_IMAGE_KEY', args: { image: input.image, service: input.service, keys } });
    return [input.image];
  }
  if (input.tag !== undefined) return [keys[0]!];
  const differing = keys.filter((key) => !sameReference(referenceAt(input.source.layers, key), referenceAt(input.target.layers, key)));
  return differing.length ? differing : [keys[0]!];
}

function referenceAt(layers: readonly ValuesLayer[], key: string): Reference {
  return { tag: referenceValue(winningSetting(layers, key)), digest: referenceValue(winningSetting(layers, digestKeyOf(key))) };
}

function planKey(input: HelmPromotionInput, key: string, file: string): ImageBump {
  const promoted = promotedAt(input.source, key);
  const ref = chooseReference(input, promoted);
  if (ref.tag === undefined) {
    throw refuse({ code: 'PROMOTE_HELM_DIGEST_ONLY', args: { key, digestKey: digestKeyOf(key) } }, where(promoted));
  }
  const current = referenceAt(input.target.layers, key);
  const ownIndex = input.target.layers.findIndex((layer) => layer.kind === 'file' && !layer.chart && layer.file === file);
  const own = ownSetting(input.target.layers[ownIndex], key);
  const action = sameReference(current, ref) ? 'noop' : own ? 'update' : 'add';
  const blockers = action === 'noop' ? [] : stillWinning({ layers: input.target.layers, ownIndex, key, ref, file });
  return {
    image: key,
    ...ref,
    currentTag: current.tag ?? null,
    currentDigest: current.digest ?? null,
    file,
    line: own?.line ?? null,
    action,
    effective: blockers.length === 0,
    source: { file: promoted.file, line: promoted.line ?? null },
    repository: '',
    reasons: [...notes(input, action, ref), ...blockers],
  };
}

/** The key as the target's own values file sets it (itself, not a parent), or null. */
function ownSetting(layer: ValuesLayer | undefined, key: string): Setting | null {
  const own = layer ? settingIn(layer, key) : null;
  return own && own.parent === undefined ? own : null;
}

function notes(input: HelmPromotionInput, action: ImageBump['action'], ref: Reference): PromoteReason[] {
  return [
    ...(input.tag !== undefined ? [{ code: 'PROMOTE_TAG_OVERRIDE' as const, args: { tag: input.tag, from: input.from } }] : []),
    ...(action === 'noop' ? [{ code: 'PROMOTE_ALREADY_RUNS' as const, args: { to: input.to, reference: formatRef(ref) } }] : []),
  ];
}

function promotedAt(values: HelmValues, key: string): PromotedImage {
  const tag = winningSetting(values.layers, key);
  const digest = winningSetting(values.layers, digestKeyOf(key));
  const location = tag ? settingLocation(tag) : { file: values.source.declaredIn.file, line: values.source.declaredIn.line ?? null };
  const promoted: PromotedImage = { name: key, file: location.file };
  if (location.line !== null) promoted.line = location.line;
  const tagValue = referenceValue(tag);
  const digestValue = referenceValue(digest);
  if (tagValue !== undefined) promoted.tag = tagValue;
  if (digestValue !== undefined) promoted.digest = digestValue;
  return promoted;
}

function where(promoted: PromotedImage): { file: string; line?: number } {
  return { file: promoted.file, ...(promoted.line ? { line: promoted.line } : {}) };
}

/**
 * Why the bump would not take effect: an input applied after the target's own file sets the
 * key (or its digest sibling) again, or a digest pins the old image and the promotion carries none.
 */
function stillWinning(at: { layers: readonly ValuesLayer[]; ownIndex: number; key: string; ref: Reference; file: string }): PromoteReason[] {
  const { layers, key, ref, file } = at;
  const later = layers.slice(at.ownIndex + 1);
  const written = ref.digest !== undefined ? [key, digestKeyOf(key)] : [key];
  const reasons = written.flatMap((each): PromoteReason[] => {
    const setting = winningSetting(later, each);
    return setting ? [{ code: 'PROMOTE_VALUES_OVERRIDDEN', args: { key: each, setting: settingSource(setting, each), file } }] : [];
  });
  if (ref.digest === undefined) reasons.push(...pinnedDigest(layers, digestKeyOf(key)));
  return reasons;
}

function pinnedDigest(layers: readonly ValuesLayer[], digestKey: string): PromoteReason[] {
  const setting: Setting | null = winningSetting(layers, digestKey);
  const digest = referenceValue(setting);
  if (!setting || digest === undefined) return [];
  return [{ code: 'PROMOTE_DIGEST_PINNED', args: { key: digestKey, digest, setting: settingSource(setting, digestKey) } }];
}

function formatRef(ref: Reference): string {
  return `${ref.tag ?? ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

function sameReference(a: Reference, b: Reference): boolean {
  return a.tag === b.tag && a.digest === b.digest;
}
