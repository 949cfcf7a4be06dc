/**
 * Image references: a container's `image` field, or a value that reads like one
 * (`ghcr.io/shop/api:dev`, `team/app@sha256:…`). Environment tokens never make two of them
 * equal — `app:dev` and `app:test` are two images, whatever the environments are called.
 */

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** `[registry[:port]/]path/name` then `:tag` and/or `@algo:hex`; no scheme, no spaces. */
const IMAGE_LIKE = /^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9._-]+(?:\/[a-z0-9._-]+)+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[a-z0-9]+:[a-f0-9]{32,})?$/;

/** `…containers[name=app].image` (regular, init and ephemeral containers, at any depth). */
export function isImagePath(segments: readonly string[]): boolean {
  const n = segments.length;
  return n >= 3 && segments[n - 1] === 'image' && CONTAINER_LISTS.has(segments[n - 3]!);
}

/** A value that names an image with a tag or digest (a path with at least one `/`). */
export function looksLikeImageRef(value: string): boolean {
  return (value.includes(':') || value.includes('@')) && !value.includes('://') && IMAGE_LIKE.test(value);
}

/** Whether a field holds an image reference: by its path, or by both values reading like one. */
export function isImageReference(segments: readonly string[], a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  return isImagePath(segments) || segments.at(-1) === 'image' || (looksLikeImageRef(a) && looksLikeImageRef(b));
}
