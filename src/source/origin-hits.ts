import { posix } from 'node:path';
import type { Node } from 'yaml';
import { KUSTOMIZATION_NAMES } from '../chain/kustomization-file.js';
import { isPlainObject } from '../util/is-plain-object.js';
import type { ResourceOrigin } from '../types.js';
import { walkHit } from './document-hits.js';
import type { FileCache } from './file-cache.js';
import { generatorHits } from './generator-hits.js';
import { makeHit, type Hit, type Target } from './hit.js';
import { kustomizationAt } from './kustomization.js';
import { patchHits } from './patch-hits.js';
import { transformerHits } from './transformer-hits.js';

const KUSTOMIZATION_FILES = new Set(KUSTOMIZATION_NAMES);

/**
 * Where a resource itself is declared, from Kustomize's origin annotation: the `metadata.name`
 * line of its document in the file it came from, or its generator's entry. Null when neither
 * is found (a remote base, or a file changed since the render).
 */
export function declarationHit(cache: FileCache, origin: ResourceOrigin, target: Target): Hit | null {
  const own = { ...target, name: origin.sourceName, segments: [] };
  if (origin.generator) return generatedHits(cache, origin.generator.file, own)[0] ?? null;
  return origin.file ? documentNameHit(cache, origin.file, own) : null;
}

/**
 * Hits in the files that shaped a resource read from a file, from its transformations
 * annotation: each kustomization whose transformers (patches, images, replicas …) ran over it,
 * the last applied first, then its own document. Names are matched as its source wrote them.
 */
export function* originHits(cache: FileCache, origin: ResourceOrigin, target: Target): Generator<Hit> {
  const own = { ...target, name: origin.sourceName };
  const files = origin.transformedIn.filter((file) => KUSTOMIZATION_FILES.has(posix.basename(file)));
  for (const file of files) {
    const kustomization = kustomizationAt(cache, file);
    if (!kustomization) continue;
    yield* transformerHits(kustomization, own);
    yield* patchHits(kustomization, cache, own);
  }
  if (origin.file) {
    const hit = documentHit(cache, origin.file, own, own.segments);
    if (hit) yield hit;
  }
}

function generatedHits(cache: FileCache, file: string, target: Target): Hit[] {
  const kustomization = kustomizationAt(cache, file);
  return kustomization ? generatorHits(kustomization, cache, target) : [];
}

function documentNameHit(cache: FileCache, file: string, target: Target): Hit | null {
  const hit = documentHit(cache, file, target, ['metadata', 'name']);
  return hit ? makeHit(hit.file, hit.line, 0, target) : null;
}

/** The walk through the one document of `file` whose kind and `metadata.name` are the target's. */
function documentHit(cache: FileCache, file: string, target: Target, segments: readonly string[]): Hit | null {
  const yaml = cache.yaml(file);
  const doc = yaml?.documents.find(({ value }) => isPlainObject(value) && value.kind === target.kind && nameOf(value) === target.name);
  if (!yaml || !doc) return null;
  return walkHit(yaml, { node: doc.document.contents as Node, document: doc.document }, { ...target, segments }, { file, lineShift: 0 });
}

function nameOf(value: Record<string, unknown>): unknown {
  return isPlainObject(value.metadata) ? value.metadata.name : undefined;
}
