import { formatPath } from '../diff/path.js';
import { canonicalRepository, parseImageRef, type ImageRef } from '../images/reference.js';
import { findWorkloads, listContainers } from './tls/workloads.js';
import type { Candidate, EnvResources } from '../types.js';

export interface PromotedImageCheck {
  service: string;
  from: string;
  to: string;
  /** The repository the promoted image is pulled from (after the source chain's newName). */
  repository: string;
  /** What every container of that image must run in the target after the bump. */
  expected: string;
}

/**
 * The gate's image invariant: every container that runs the promoted image in the source must
 * run exactly the promoted reference in the target after the bump. A difference is an
 * IMAGE_MISMATCH (never allowed by the `image-tags` rule, which only serves audits), and it
 * replaces the tag-only VALUE_DRIFT at the same path. Returns the adjusted candidates and the
 * number of containers that run the image in the source.
 */
function checkPromotedImages(
  check: PromotedImageCheck,
  candidates: Candidate[],
  envs: EnvResources[],
): { candidates: Candidate[]; containers: number } {
  const source = envs.find((env) => env.env === check.from);
  const target = envs.find((env) => env.env === check.to);
  if (!source || !target) return { candidates, containers: 0 };
  const expected = parseImageRef(check.expected);
  const targetImages = containerImages(target);
  const mismatches: Candidate[] = [];
  let containers = 0;
  for (const [key, entry] of containerImages(source)) {
    if (canonicalRepository(parseImageRef(entry.image)) !== check.repository) continue;
    containers += 1;
    const actual = targetImages.get(key)?.image;
    if (actual !== undefined && sameImage(parseImageRef(actual), expected)) continue;
    mismatches.push({
      code: 'IMAGE_MISMATCH',
      service: check.service,
      envs: [check.from, check.to],
      resource: entry.resource,
      path: formatPath(entry.segments),
      segments: entry.segments,
      values: { [check.from]: entry.image, [check.to]: actual ?? null },
      args: { gate: true, expected: check.expected, actual: actual ?? null },
    });
  }
  const replaced = new Set(mismatches.map((candidate) => `${candidate.resource?.kind}/${candidate.resource?.name}/${candidate.path}`));
  // The gate's finding speaks for the image path: drop the audit's tag drift or repository
  // mismatch at the same place.
  const kept = candidates.filter(
    (candidate) =>
      (candidate.code !== 'VALUE_DRIFT' && candidate.code !== 'IMAGE_MISMATCH') ||
      !replaced.has(`${candidate.resource?.kind}/${candidate.resource?.name}/${candidate.path}`),
  );
  return { candidates: [...kept, ...mismatches], containers };
}

/**
 * Every check of a promotion, in order, each over the candidates the previous one left: the
 * candidates after all of them, and per check how many source containers run its image.
 */
export function checkAllPromotedImages(
  checks: readonly PromotedImageCheck[],
  candidates: Candidate[],
  envs: EnvResources[],
): { candidates: Candidate[]; running: Array<{ expected: string; containers: number }> } {
  const running: Array<{ expected: string; containers: number }> = [];
  let current = candidates;
  for (const check of checks) {
    const checked = checkPromotedImages(check, current, envs);
    running.push({ expected: check.expected, containers: checked.containers });
    current = checked.candidates;
  }
  return { candidates: current, running };
}

interface ContainerImage {
  image: string;
  segments: string[];
  resource: { apiVersion: string; kind: string; name: string };
}

/** Container images by `resource key + container path`. */
function containerImages(env: EnvResources): Map<string, ContainerImage> {
  const images = new Map<string, ContainerImage>();
  for (const workload of findWorkloads(env.resources)) {
    const { resource } = workload;
    for (const container of listContainers(workload)) {
      if (typeof container.spec.image !== 'string') continue;
      const segments = [...container.segments, 'image'];
      images.set(`${resource.key}\u0000${formatPath(segments)}`, {
        image: container.spec.image,
        segments,
        resource: { apiVersion: resource.apiVersion, kind: resource.kind, name: resource.name },
      });
    }
  }
  return images;
}

function sameImage(a: ImageRef, b: ImageRef): boolean {
  return canonicalRepository(a) === canonicalRepository(b) && a.tag === b.tag && a.digest === b.digest;
}
