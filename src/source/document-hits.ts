import type { Document, Node } from 'yaml';
import { isPlainObject } from '../util/is-plain-object.js';
import type { YamlFile } from './file-cache.js';
import { makeHit, nameScore, type Hit, type Target } from './hit.js';
import { walkYaml } from './walk-yaml.js';

/** Line numbers of an embedded YAML text (an inline patch) are shifted by this many lines. */
export interface Placement {
  file: string;
  lineShift: number;
  /** Set for inline patches that are not block scalars: every hit lands on this line. */
  fixedLine?: number;
}

/** Where a walk starts: a node and the document it belongs to (for aliases). */
export interface WalkStart {
  node: Node;
  document: Document.Parsed;
}

/**
 * Hits in the documents of one file whose kind and metadata.name stand for the target
 * (exact names preferred over names with a prefix or suffix).
 */
export function documentHits(yaml: YamlFile, target: Target, placement: Placement): Hit[] {
  const scored = yaml.documents
    .map((doc) => ({ doc, score: documentScore(doc.value, target) }))
    .filter((entry) => entry.score > 0);
  const best = Math.max(0, ...scored.map((entry) => entry.score));
  return scored
    .filter((entry) => entry.score === best)
    .map(({ doc }) => walkHit(yaml, { node: doc.document.contents as Node, document: doc.document }, target, placement));
}

/** A hit for a document already known to be the target (a patch with an explicit `target`). */
export function walkHit(yaml: YamlFile, start: WalkStart, target: Target, placement: Placement): Hit {
  const walked = walkYaml(start.node, target.segments, start.document);
  const line = placement.fixedLine ?? yaml.lineAt(walked.offset) + placement.lineShift;
  return makeHit(placement.file, line, walked.depth, target);
}

function documentScore(value: unknown, target: Target): number {
  if (!isPlainObject(value) || value.kind !== target.kind) return 0;
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  return nameScore(metadata.name, target.name);
}
