import type { Kustomization } from '../chain/kustomization-file.js';
import type { HelmSource, ResourceOrigin, SourceLocation } from '../types.js';
import { lineInBlock } from './block-line.js';
import { locateHelm, type HelmSourceQuery } from './helm-locate.js';
import { mergedValues, type ValuesLeaves } from './helm-values.js';
import { documentHits } from './document-hits.js';
import { createFileCache, readTextFromDisk, type FileCache, type ReadText } from './file-cache.js';
import { generatorHits } from './generator-hits.js';
import type { Hit, Target } from './hit.js';
import { field, kustomizationAt, resolveReference, scalarEntries, type MappedKustomization } from './kustomization.js';
import { declarationHit, originHits } from './origin-hits.js';
import { patchHits } from './patch-hits.js';
import { transformerHits } from './transformer-hits.js';

export interface SourceQuery {
  /** Repo-relative kustomization files: the overlay's own first, its bases after. Empty for pre-rendered overlays. */
  chainFiles: string[];
  /** Repo-relative overlay directory. */
  overlayDir: string;
  /** The resource (normalized kind and name), or null for findings about the whole overlay. */
  resource: { kind: string; name: string } | null;
  /** Canonical path segments (see diff/path.ts). */
  segments: string[];
  /** The rendered value, when known (used to pick the right `images:` entry). */
  value?: unknown;
  /** Where the resource came from, from Kustomize's build metadata: narrows the search to the files that shaped it. */
  origin?: ResourceOrigin;
}

/** A location, and whether anything matched (false: the overlay's kustomization as a fallback). */
export interface LocatedSource extends SourceLocation {
  matched: boolean;
  /** The place covers the whole path (not only an enclosing object such as the container). */
  complete: boolean;
}

export interface SourceLocator {
  /** The file and line that introduce the value (the overlay's kustomization when nothing matched). */
  locate(query: SourceQuery): SourceLocation;
  /** The same, saying whether anything matched. */
  find(query: SourceQuery): LocatedSource;
  /** The same for a Helm environment: the values line that feeds the value, else the template. */
  findHelm(query: HelmSourceQuery): LocatedSource;
  /** An environment's merged values, leaf by leaf with the line that set each (read once per source). */
  valuesOf(source: HelmSource): ValuesLeaves;
  /** A location citing a block scalar's key, moved to the line inside it that holds the first of `lines` (see lineInBlock). */
  withinBlock(location: SourceLocation, lines: readonly string[]): SourceLocation;
}

export interface SourceLocatorOptions {
  /** How files are read (default: from disk). Each file is read at most once per locator. */
  readText?: ReadText;
  /** Kustomizations the run's chain walks already read, by absolute path: not parsed again. */
  kustomizations?: ReadonlyMap<string, Kustomization> | undefined;
}

/**
 * Finds the file and line that introduce a value: the first place in the overlay's
 * kustomization chain (overlay first) that covers the whole path, else the place that covers
 * most of it, else the overlay's kustomization file at line 1. Only positions are returned,
 * never file contents.
 */
export function createSourceLocator(repoDir: string, options: SourceLocatorOptions = {}): SourceLocator {
  const cache = createFileCache(repoDir, options.readText ?? readTextFromDisk, options.kustomizations);
  const values = new WeakMap<HelmSource, ValuesLeaves>();
  const valuesOf = (source: HelmSource): ValuesLeaves => {
    if (!values.has(source)) values.set(source, mergedValues(cache, source));
    return values.get(source)!;
  };
  return {
    valuesOf,
    withinBlock: (location, lines) => lineInBlock(cache, location, lines),
    findHelm: (query) => locateHelm(cache, query, valuesOf),
    find: (query) => locateSource(cache, query),
    locate: (query) => {
      const { file, line } = locateSource(cache, query);
      return line === undefined ? { file } : { file, line };
    },
  };
}

function locateSource(cache: FileCache, query: SourceQuery): LocatedSource {
  if (!query.resource) return fallbackLocation(cache, query);
  const target: Target = { ...query.resource, segments: query.segments, value: query.value };
  const traced = query.origin ? locateByOrigin(cache, query.origin, target) : null;
  return traced ?? firstHit(chainHits(cache, query, target)) ?? fallbackLocation(cache, query);
}

/**
 * With the resource's origin: a whole resource (no path) is cited at its own declaration, a
 * value at the first of the files that shaped the resource that covers it. Null when none does,
 * and for values of generated objects: a `behavior: merge` generator that changes them is no
 * transformer, so the annotations do not name it; the chain walk finds it.
 */
function locateByOrigin(cache: FileCache, origin: ResourceOrigin, target: Target): LocatedSource | null {
  if (target.segments.length === 0) {
    const declared = declarationHit(cache, origin, target);
    return declared ? { file: declared.file, line: declared.line, matched: true, complete: true } : null;
  }
  return origin.generator ? null : firstHit(originHits(cache, origin, target));
}

/** The first hit that covers the whole path, else the one that covers most of it. */
function firstHit(hits: Iterable<Hit>): LocatedSource | null {
  let best: Hit | null = null;
  for (const hit of hits) {
    if (hit.full) return { file: hit.file, line: hit.line, matched: true, complete: true };
    if (!best || hit.depth > best.depth) best = hit;
  }
  return best ? { file: best.file, line: best.line, matched: true, complete: false } : null;
}

/** Hits in chain order, and inside one kustomization in the reverse of Kustomize's order of application. */
function* chainHits(cache: FileCache, query: SourceQuery, target: Target): Generator<Hit> {
  if (query.chainFiles.length === 0) {
    for (const file of cache.yamlFilesIn(query.overlayDir)) yield* resourceFileHits(cache, file, target);
    return;
  }
  for (const file of query.chainFiles) {
    const kustomization = kustomizationAt(cache, file);
    if (!kustomization) continue;
    yield* transformerHits(kustomization, target);
    yield* patchHits(kustomization, cache, target);
    yield* generatorHits(kustomization, cache, target);
    for (const resource of resourceFiles(kustomization, cache)) yield* resourceFileHits(cache, resource, target);
  }
}

function resourceFileHits(cache: FileCache, file: string, target: Target): Hit[] {
  const yaml = cache.yaml(file);
  return yaml ? documentHits(yaml, target, { file, lineShift: 0 }) : [];
}

/** `resources:` entries that are files (directories are kustomizations of the chain). */
function resourceFiles(kustomization: MappedKustomization, cache: FileCache): string[] {
  return scalarEntries(field(kustomization.map, 'resources'))
    .map((entry) => resolveReference(kustomization, String(entry.value)))
    .filter((file): file is string => file !== null && cache.isFile(file));
}

/** The overlay's kustomization file (or first manifest of a pre-rendered overlay), line 1. */
function fallbackLocation(cache: FileCache, query: SourceQuery): LocatedSource {
  const overlayFile = query.chainFiles[0] ?? cache.yamlFilesIn(query.overlayDir)[0];
  return overlayFile ? { file: overlayFile, line: 1, matched: false, complete: false } : { file: query.overlayDir, matched: false, complete: false };
}
