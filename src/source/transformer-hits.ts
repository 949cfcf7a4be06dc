import { isMap, type YAMLMap } from 'yaml';
import { isItemSegment } from '../diff/path.js';
import { repositoryAsWritten } from '../images/reference.js';
import { makeHit, nameScore, type Hit, type Target } from './hit.js';
import { field, keyLine, mapEntries, nodeLine, type MappedKustomization } from './kustomization.js';
import { parseItemKeys, scalarText } from './walk-yaml.js';

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/**
 * Hits in the kustomization's own transformer fields, which apply after its resources and
 * patches: `images`, `replicas`, `namespace`, `commonLabels`/`labels`, `commonAnnotations`.
 */
export function transformerHits(kustomization: MappedKustomization, target: Target): Hit[] {
  const hits = [
    imageHit(kustomization, target),
    replicasHit(kustomization, target),
    namespaceHit(kustomization, target),
    metadataMapHit(kustomization, target),
  ];
  return hits.filter((hit): hit is Hit => hit !== null);
}

function imageHit(kustomization: MappedKustomization, target: Target): Hit | null {
  const container = containerOfImagePath(target.segments);
  if (container === null) return null;
  const entries = mapEntries(field(kustomization.map, 'images'));
  const entry = entries.find((candidate) => imageEntryMatches(candidate, target.value, container, entries.length));
  if (!entry) return null;
  const key = ['newName', 'newTag', 'digest', 'name'].find((name) => keyLine(kustomization, entry, name) !== null);
  const line = key ? keyLine(kustomization, entry, key)! : nodeLine(kustomization, entry);
  return makeHit(kustomization.file, line, target.segments.length, target);
}

/** The container name when the path is `…containers[name=x].image`, else null. */
function containerOfImagePath(segments: readonly string[]): string | null {
  const n = segments.length;
  if (n < 3 || segments[n - 1] !== 'image' || !CONTAINER_LISTS.has(segments[n - 3]!)) return null;
  const item = segments[n - 2]!;
  if (!isItemSegment(item)) return null;
  return parseItemKeys(item).find(([key]) => key === 'name')?.[1] ?? '';
}

function imageEntryMatches(entry: YAMLMap, value: unknown, container: string, entryCount: number): boolean {
  const name = scalarText(entry, 'name');
  const newName = scalarText(entry, 'newName');
  if (typeof value === 'string' && value !== '') {
    const repository = repositoryAsWritten(value);
    return repository === (newName ?? name) || repository === name;
  }
  const written = newName ?? name ?? '';
  return lastPathPart(written) === container || lastPathPart(name ?? '') === container || entryCount === 1;
}

function lastPathPart(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function replicasHit(kustomization: MappedKustomization, target: Target): Hit | null {
  if (!SCALABLE.has(target.kind) || target.segments.join('.') !== 'spec.replicas') return null;
  const entries = mapEntries(field(kustomization.map, 'replicas'));
  const entry = bestByName(entries, target.name);
  if (!entry) return null;
  const line = keyLine(kustomization, entry, 'count') ?? nodeLine(kustomization, entry);
  return makeHit(kustomization.file, line, target.segments.length, target);
}

function namespaceHit(kustomization: MappedKustomization, target: Target): Hit | null {
  if (target.segments.join('.') !== 'metadata.namespace') return null;
  const line = keyLine(kustomization, kustomization.map, 'namespace');
  return line === null ? null : makeHit(kustomization.file, line, target.segments.length, target);
}

/** `metadata.labels.K` → `commonLabels.K` or `labels[].pairs.K`; `metadata.annotations.K` → `commonAnnotations.K`. */
function metadataMapHit(kustomization: MappedKustomization, target: Target): Hit | null {
  const [first, second, key, ...rest] = target.segments;
  if (first !== 'metadata' || key === undefined || rest.length > 0) return null;
  const maps =
    second === 'labels'
      ? [field(kustomization.map, 'commonLabels'), ...mapEntries(field(kustomization.map, 'labels')).map((entry) => field(entry, 'pairs'))]
      : second === 'annotations'
        ? [field(kustomization.map, 'commonAnnotations')]
        : [];
  for (const map of maps) {
    const line = isMap(map) ? keyLine(kustomization, map, key) : null;
    if (line !== null) return makeHit(kustomization.file, line, target.segments.length, target);
  }
  return null;
}

export function bestByName(entries: YAMLMap[], wanted: string): YAMLMap | undefined {
  let best: YAMLMap | undefined;
  let bestScore = 0;
  for (const entry of entries) {
    const score = nameScore(scalarText(entry, 'name'), wanted);
    if (score > bestScore) [best, bestScore] = [entry, score];
  }
  return best;
}
