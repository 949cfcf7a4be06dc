import type { WrittenReference } from '../images/reference.js';
import type { ImageOverride } from '../types.js';

/**
 * How Kustomize applies a chain's `images:` entries to one image: innermost kustomization
 * first, each entry matching the name the image carries at that point (an inner `newName`
 * renames it for every outer entry). Tag and digest follow Kustomize v5: an entry with only
 * `newTag` drops any digest, one with only `digest` drops any tag, one with both sets both.
 */
export interface ImageReference extends WrittenReference {
  /** The entry that last set the tag or digest. */
  setBy?: ImageOverride;
}

/** Entries innermost-first (the chain lists them outermost-first). */
function innermostFirst(images: readonly ImageOverride[]): ImageOverride[] {
  return [...images].reverse();
}

/** Follows `name` through the chain and returns what the container finally runs. */
export function resolveImage(images: readonly ImageOverride[], name: string): ImageReference {
  const ref: ImageReference = { repository: name };
  for (const entry of innermostFirst(images)) {
    if (entry.name !== ref.repository) continue;
    if (entry.newName) ref.repository = entry.newName;
    if (entry.newTag !== undefined || entry.digest !== undefined) applyTagAndDigest(ref, entry);
  }
  return ref;
}

function applyTagAndDigest(ref: ImageReference, entry: ImageOverride): void {
  if (entry.newTag !== undefined) ref.tag = entry.newTag;
  else delete ref.tag;
  if (entry.digest !== undefined) ref.digest = entry.digest;
  else delete ref.digest;
  ref.setBy = entry;
}

/**
 * The distinct images a chain overrides, each as the set of names it carries: an entry's
 * `name` and `newName` belong to one image. Keyed by the innermost (original) name.
 */
export function groupImageNames(images: readonly ImageOverride[]): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  const rootOf = new Map<string, string>();
  for (const entry of innermostFirst(images)) {
    const root = rootOf.get(entry.name) ?? entry.name;
    const names = groups.get(root) ?? new Set<string>([root]);
    groups.set(root, names);
    rootOf.set(entry.name, root);
    if (entry.newName && !rootOf.has(entry.newName)) {
      names.add(entry.newName);
      rootOf.set(entry.newName, root);
    }
  }
  return groups;
}

/** The name an image carries when it reaches the transformer of `file` (entries of inner files applied). */
export function nameArrivingAt(images: readonly ImageOverride[], file: string, name: string): string {
  const inner = images.filter((entry) => entry.file !== file);
  return resolveImage(inner, name).repository;
}
