import { refuse } from './refuse.js';
import type { KustomizationChain } from '../types.js';
import { groupImageNames, resolveImage } from './image-chain.js';

/** The image a source environment runs, as its kustomization chain pins it. */
export interface PromotedImage {
  /** The image name the manifests use (the innermost `images[].name`). */
  name: string;
  /** The repository after the chain's renames, when it differs from `name`. */
  newName?: string;
  tag?: string;
  digest?: string;
  /** Repo-relative kustomization that sets the winning tag/digest (or the overlay's own when none does). */
  file: string;
  line?: number;
}

/**
 * Reads the tag/digest the environment of `chain` runs for one image. The image is `imageName`
 * when given (any name it carries in the chain), else the only image the chain overrides, else
 * the one whose name ends with the service name.
 */
export function readPromotedImage(chain: KustomizationChain, imageName?: string, service?: string): PromotedImage {
  const name = chooseImage(chain, imageName, service);
  const ref = resolveImage(chain.images, name);
  const setBy = ref.setBy;
  const image: PromotedImage = { name, file: setBy?.file ?? chain.files[0] ?? '' };
  if (ref.repository !== name) image.newName = ref.repository;
  if (ref.tag !== undefined) image.tag = ref.tag;
  if (ref.digest !== undefined) image.digest = ref.digest;
  if (setBy?.line !== undefined) image.line = setBy.line;
  return image;
}

function chooseImage(chain: KustomizationChain, imageName: string | undefined, service: string | undefined): string {
  const groups = groupImageNames(chain.images);
  const where = { file: chain.files[0] ?? '' };
  if (groups.size === 0) throw refuse({ code: 'PROMOTE_NO_IMAGES_ENTRY', args: {} }, where);
  if (imageName !== undefined) return findGroup(groups, imageName, where);
  if (groups.size === 1) return [...groups.keys()][0]!;
  const bySuffix = service ? [...groups].filter(([, names]) => [...names].some((n) => endsWithService(n, service))) : [];
  if (bySuffix.length === 1) return bySuffix[0]![0];
  throw refuse({ code: 'PROMOTE_SEVERAL_OVERRIDDEN', args: { images: listNames(groups) } }, where);
}

function findGroup(groups: Map<string, Set<string>>, imageName: string, where: { file: string }): string {
  for (const [root, names] of groups) if (names.has(imageName)) return root;
  throw refuse({ code: 'PROMOTE_IMAGE_NOT_OVERRIDDEN', args: { image: imageName, known: listNames(groups) } }, where);
}

function endsWithService(name: string, service: string): boolean {
  return name === service || name.endsWith(`/${service}`);
}

function listNames(groups: Map<string, Set<string>>): string[] {
  return [...groups.keys()].sort();
}
