import { isScalar, Scalar, type Node, type YAMLMap } from 'yaml';
import { isPlainObject } from '../util/is-plain-object.js';
import { documentHits, walkHit, type Placement } from './document-hits.js';
import { parseYamlFile, type FileCache, type YamlFile } from './file-cache.js';
import { patternMatches, type Hit, type Target } from './hit.js';
import { jsonPatchHits } from './json-patch-hits.js';
import { field, mapEntries, nodeLine, resolveReference, scalarEntries, type MappedKustomization } from './kustomization.js';
import { scalarText } from './walk-yaml.js';

/** One patch of a kustomization: where its YAML comes from and what it targets. */
interface PatchSource {
  yaml: YamlFile;
  placement: Placement;
  target: YAMLMap | null;
}

/**
 * Hits in the kustomization's patches, the ones Kustomize applies last first:
 * `patches`, then `patchesJson6902`, then `patchesStrategicMerge`.
 */
export function patchHits(kustomization: MappedKustomization, cache: FileCache, target: Target): Hit[] {
  const sources = [
    ...mapEntries(field(kustomization.map, 'patches')).reverse().map((entry) => fromEntry(kustomization, cache, entry)),
    ...mapEntries(field(kustomization.map, 'patchesJson6902')).reverse().map((entry) => fromEntry(kustomization, cache, entry)),
    ...scalarEntries(field(kustomization.map, 'patchesStrategicMerge')).reverse().map((item) => fromScalar(kustomization, cache, item)),
  ];
  return sources.filter((source): source is PatchSource => source !== null).flatMap((source) => sourceHits(source, target));
}

function sourceHits(source: PatchSource, target: Target): Hit[] {
  if (source.target && !targetMatches(source.target, target)) return [];
  return source.yaml.documents.flatMap((doc) => {
    if (Array.isArray(doc.value)) return source.target ? jsonPatchHits(source.yaml, doc.document, target, source.placement) : [];
    if (!source.target) return documentHits({ ...source.yaml, documents: [doc] }, target, source.placement);
    if (!isPlainObject(doc.value)) return [];
    return [walkHit(source.yaml, { node: doc.document.contents as Node, document: doc.document }, target, source.placement)];
  });
}

function targetMatches(patchTarget: YAMLMap, target: Target): boolean {
  return patternMatches(scalarText(patchTarget, 'kind'), target.kind) && patternMatches(scalarText(patchTarget, 'name'), target.name);
}

function fromEntry(kustomization: MappedKustomization, cache: FileCache, entry: YAMLMap): PatchSource | null {
  const targetNode = field(entry, 'target');
  const patchTarget = targetNode && 'items' in targetNode ? (targetNode as YAMLMap) : null;
  const path = scalarText(entry, 'path');
  if (path !== null) return fromFile(kustomization, cache, path, patchTarget);
  const inline = field(entry, 'patch');
  return isScalar(inline) ? fromInline(kustomization, inline, patchTarget) : null;
}

function fromScalar(kustomization: MappedKustomization, cache: FileCache, item: Scalar): PatchSource | null {
  const text = String(item.value);
  const file = resolveReference(kustomization, text);
  if (!text.includes('\n') && file && cache.isFile(file)) return fromFile(kustomization, cache, text, null);
  return fromInline(kustomization, item, null);
}

function fromFile(kustomization: MappedKustomization, cache: FileCache, path: string, target: YAMLMap | null): PatchSource | null {
  const file = resolveReference(kustomization, path);
  const yaml = file ? cache.yaml(file) : null;
  return file && yaml ? { yaml, placement: { file, lineShift: 0 }, target } : null;
}

/** A patch written inside the kustomization: a block scalar's lines follow its indicator line. */
function fromInline(kustomization: MappedKustomization, scalar: Scalar, target: YAMLMap | null): PatchSource | null {
  const yaml = parseYamlFile(String(scalar.value), kustomization.file);
  if (!yaml) return null;
  const line = nodeLine(kustomization, scalar);
  const block = scalar.type === Scalar.BLOCK_LITERAL || scalar.type === Scalar.BLOCK_FOLDED;
  const placement: Placement = block
    ? { file: kustomization.file, lineShift: line }
    : { file: kustomization.file, lineShift: 0, fixedLine: line };
  return { yaml, placement, target };
}
