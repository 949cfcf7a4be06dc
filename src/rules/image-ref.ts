/**
 * Container image references: `[host[:port]/]path[:tag][@digest]`, with Docker Hub defaults
 * (`nginx` is `docker.io/library/nginx:latest`).
 */
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

export function parseImageRef(image: string): ImageRef {
  const [withoutDigest, digest] = splitOnce(image.trim(), '@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = hasTag ? withoutDigest.slice(colon + 1) : null;
  const { registry, repository } = splitRegistry(name);
  return { registry, repository, tag: tag ?? (digest ? null : 'latest'), digest: digest ?? null };
}

/** `registry/repository`, the part that says *which* image (not which version). */
export function imageRepository(ref: ImageRef): string {
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

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
