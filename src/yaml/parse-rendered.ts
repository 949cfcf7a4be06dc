import { RenderError } from '../errors.js';
import type { K8sObject } from '../types.js';
import { rememberObjectSecrets } from '../secrets/remember.js';
import { parseYamlDocuments } from './parse-yaml.js';

/**
 * Kubernetes objects from multi-document YAML (Kustomize output or pre-rendered manifests).
 * Empty documents are skipped; each object needs apiVersion, kind and metadata.name. A
 * `kind: List` is unwrapped into its items.
 */
export function parseRenderedYaml(text: string, source: string, overlay: string): K8sObject[] {
  const toError = (message: string, location: { file: string; line?: number }): RenderError =>
    new RenderError(message, { overlay, ...location });
  const lineOf = lineFinder(text);
  const objects = parseYamlDocuments(text, source, toError).flatMap((doc, index) => {
    const line = doc.document.range ? lineOf(doc.document.range[0]) : undefined;
    return unwrapList(doc.value).map((value) => checkObject(value, { source, overlay, index, line }));
  });
  // Every render passes here: its secret values are masked wherever they surface later.
  rememberObjectSecrets(objects);
  return objects;
}

interface Where {
  source: string;
  overlay: string;
  index: number;
  line: number | undefined;
}

function unwrapList(value: unknown): unknown[] {
  if (isRecord(value) && value.kind === 'List' && Array.isArray(value.items)) return value.items;
  return [value];
}

function checkObject(value: unknown, where: Where): K8sObject {
  const missing = missingField(value);
  if (missing === null) return value as K8sObject;
  const location = where.line ? { file: where.source, line: where.line } : { file: where.source };
  return fail(`document ${where.index + 1} is not a Kubernetes object: ${missing} is missing`, where.overlay, location);
}

function missingField(value: unknown): string | null {
  if (!isRecord(value)) return 'the whole object';
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '') return 'apiVersion';
  if (typeof value.kind !== 'string' || value.kind === '') return 'kind';
  const metadata = value.metadata;
  if (!isRecord(metadata) || typeof metadata.name !== 'string' || metadata.name === '') return 'metadata.name';
  return null;
}

function fail(message: string, overlay: string, location: { file: string; line?: number }): never {
  throw new RenderError(message, { overlay, ...location });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** 1-based line of an offset, by binary search over the line starts (a batch's output is large). */
function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}
