import { isMap, type Document, type Node, type YAMLMap } from 'yaml';
import { isItemSegment } from '../diff/path.js';
import type { Placement } from './document-hits.js';
import type { YamlFile } from './file-cache.js';
import { makeHit, type Hit, type Target } from './hit.js';
import { field, keyLine, mapEntries, nodeLine } from './kustomization.js';
import { scalarText, walkYaml } from './walk-yaml.js';

/**
 * Hits in a JSON 6902 patch (a list of operations) already known to apply to the target
 * resource: each operation whose `path` runs along the queried path.
 */
export function jsonPatchHits(yaml: YamlFile, document: Document.Parsed, target: Target, placement: Placement): Hit[] {
  return mapEntries(document.contents as Node).map((operation) => operationHit(yaml, operation, { document, target, placement }));
}

interface Context {
  document: Document.Parsed;
  target: Target;
  placement: Placement;
}

function operationHit(yaml: YamlFile, operation: YAMLMap, context: Context): Hit {
  const { target, placement } = context;
  const tokens = pointerTokens(scalarText(operation, 'path') ?? '');
  const shared = sharedLength(tokens, target.segments);
  const at = (line: number, depth: number): Hit =>
    makeHit(placement.file, placement.fixedLine ?? line + placement.lineShift, depth, target);
  const operationLine = nodeLine(yaml, operation);
  if (shared < tokens.length) {
    // The operation leaves the path (partial) or goes below its end (it covers the path: full).
    return at(operationLine, shared);
  }
  const value = field(operation, 'value');
  const valueLine = keyLine(yaml, operation, 'value') ?? operationLine;
  if (!value || shared === target.segments.length) return at(valueLine, shared);
  const walked = walkYaml(value, target.segments.slice(shared), context.document);
  const line = walked.depth > 0 || !isMap(value) ? yaml.lineAt(walked.offset) : valueLine;
  return at(line, shared + walked.depth);
}

/** `/spec/template/metadata/annotations/a~1b` → ["spec","template","metadata","annotations","a/b"]. */
function pointerTokens(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** How many leading pointer tokens agree with the path (a numeric token stands for any keyed item). */
function sharedLength(tokens: readonly string[], segments: readonly string[]): number {
  let i = 0;
  while (i < tokens.length && i < segments.length && tokenMatches(tokens[i]!, segments[i]!)) i += 1;
  return i;
}

function tokenMatches(token: string, segment: string): boolean {
  if (!isItemSegment(segment)) return token === segment;
  const index = /^\[(\d+)\]$/.exec(segment);
  if (index) return token === index[1];
  return /^(\d+|-)$/.test(token);
}
