import type { ImageBump } from '../bump/plan.js';
import { canonicalRepository, parseImageRef, repositoryAsWritten } from '../images/reference.js';
import type { RenderedOverlay } from '../types.js';
import { renderedImages } from './rendered-images.js';

export interface HelmRenders {
  source?: RenderedOverlay | undefined;
  /** The target as it is. */
  before?: RenderedOverlay | undefined;
  /** The target after the bump. */
  after?: RenderedOverlay | undefined;
}

export interface HelmImageChecks {
  /** Each image (its name as the manifests write it) the target must run at its bump's reference. */
  checks: Array<{ repository: string; bump: ImageBump }>;
  /** The image each bump drives, as written (the first when several). */
  repositories: Map<ImageBump, string>;
  /** Bumps no rendered container can be tied to. */
  unmatched: ImageBump[];
}

/**
 * Which images a Helm promotion moves. A values key says nothing about the image it feeds, so
 * the renders tell: an image whose reference differs between the target before and after the
 * bump is driven by the bump whose reference it now runs (else by the first that changes
 * anything). A bump that changes no image (a noop, or one another input overrides) is tied to
 * the images already running its reference in the target after the bump, else in the source.
 */
export function helmImageChecks(bumps: readonly ImageBump[], renders: HelmRenders): HelmImageChecks {
  const before = byName(renders.before);
  const after = byName(renders.after);
  const tied = new Map<ImageBump, string[]>();
  const active = bumps.find((bump) => bump.action !== 'noop');
  for (const [name, refs] of after) {
    if (sameSet(refs, before.get(name))) continue;
    const bump = bumps.find((each) => refs.has(referenceText(each))) ?? active;
    if (bump) tied.set(bump, [...(tied.get(bump) ?? []), name]);
  }
  for (const bump of bumps) {
    if (tied.has(bump)) continue;
    const running = namesRunning(after, bump);
    const names = running.length ? running : namesRunning(byName(renders.source), bump);
    if (names.length) tied.set(bump, names);
  }
  return {
    checks: [...tied].flatMap(([bump, names]) => names.map((repository) => ({ repository, bump }))),
    repositories: new Map([...tied].map(([bump, names]) => [bump, names[0]!])),
    unmatched: bumps.filter((bump) => !tied.has(bump)),
  };
}

/** Rendered images by name as written (`ghcr.io/shop/api`), each with the references (`tag@digest`) it runs. */
function byName(rendered: RenderedOverlay | undefined): Map<string, Set<string>> {
  const images = new Map<string, Set<string>>();
  for (const image of renderedImages(rendered)) {
    const ref = parseImageRef(image);
    const name = repositoryAsWritten(image);
    images.set(name, (images.get(name) ?? new Set()).add(`${ref.tag ?? ''}@${ref.digest ?? ''}`));
  }
  return images;
}

function namesRunning(images: Map<string, Set<string>>, bump: ImageBump): string[] {
  return [...images].filter(([, refs]) => refs.has(referenceText(bump))).map(([name]) => name);
}

function referenceText(bump: ImageBump): string {
  return `${bump.tag ?? ''}@${bump.digest ?? ''}`;
}

function sameSet(a: Set<string>, b: Set<string> | undefined): boolean {
  return b !== undefined && a.size === b.size && [...a].every((item) => b.has(item));
}

/** The repository a check compares (registry and path, normalized) for a name as written. */
export function checkedRepository(name: string): string {
  return canonicalRepository(parseImageRef(name));
}
