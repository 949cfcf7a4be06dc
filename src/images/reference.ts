/**
 * Container image references, `[host[:port]/]path[:tag][@digest]`, the one place parity reads
 * and writes them: split as written (`splitReference`, `repositoryAsWritten`), printed as
 * Kustomize prints them (`formatReference`), or parsed with Docker Hub defaults (`nginx` is
 * `docker.io/library/nginx:latest`) to say which image it is (`parseImageRef`,
 * `canonicalRepository`). Whether a tag or digest is valid is `grammar.ts`.
 */

/** A reference as written: the repository (no registry defaulting), its tag and digest when given. */
export interface WrittenReference {
  repository: string;
  tag?: string;
  digest?: string;
}

/** A reference parsed with Docker Hub defaults. */
export interface ImageRef {
  /** Registry host, `docker.io` when none is given. */
  registry: string;
  /** Repository path inside the registry (`library/nginx`). */
  repository: string;
  tag: string | null;
  digest: string | null;
}

const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** `name[:tag][@digest]` as written: no registry defaulting, no `latest` assumed. */
export function splitReference(image: string): WrittenReference {
  const at = image.indexOf('@');
  const withoutDigest = at === -1 ? image : image.slice(0, at);
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > withoutDigest.lastIndexOf('/');
  return {
    repository: hasTag ? withoutDigest.slice(0, colon) : withoutDigest,
    ...(hasTag ? { tag: withoutDigest.slice(colon + 1) } : {}),
    ...(at === -1 ? {} : { digest: image.slice(at + 1) }),
  };
}

/** `registry:5000/team/app:1.2@sha256:…` → `registry:5000/team/app`: the name a Kustomize `images:` entry matches. */
export function repositoryAsWritten(image: string): string {
  return splitReference(image).repository;
}

/** `repo:tag@digest` as Kustomize prints it (an empty tag or digest left out). */
export function formatReference(ref: WrittenReference): string {
  return `${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** The reference with Docker Hub defaults: registry `docker.io`, `library/` for a bare name, tag `latest` without tag or digest. */
export function parseImageRef(image: string): ImageRef {
  const { repository: name, tag, digest } = splitReference(image.trim());
  const { registry, repository } = splitRegistry(name);
  return { registry, repository, tag: tag ?? (digest ? null : 'latest'), digest: digest ?? null };
}

/** `registry/repository` normalized (`nginx` → `docker.io/library/nginx`): *which* image, not which version. */
export function canonicalRepository(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}`;
}

function splitRegistry(name: string): { registry: string; repository: string } {
  const first = name.indexOf('/');
  const head = first === -1 ? '' : name.slice(0, first);
  // The first component is a registry when it looks like a host: a dot, a port or `localhost`.
  if (first !== -1 && (head.includes('.') || head.includes(':') || head === 'localhost')) {
    const registry = DOCKER_HUB_ALIASES.has(head.toLowerCase()) ? DOCKER_HUB : head.toLowerCase();
    return { registry, repository: hubRepository(registry, name.slice(first + 1)) };
  }
  return { registry: DOCKER_HUB, repository: hubRepository(DOCKER_HUB, name) };
}

function hubRepository(registry: string, path: string): string {
  return registry === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path;
}
