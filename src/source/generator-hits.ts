import { posix } from 'node:path';
import { isScalar } from 'yaml';
import type { FileCache } from './file-cache.js';
import { makeHit, type Hit, type Target } from './hit.js';
import { field, mapEntries, nodeLine, resolveReference, scalarEntries, type MappedKustomization } from './kustomization.js';
import { bestByName } from './transformer-hits.js';

const GENERATORS: Record<string, string> = { ConfigMap: 'configMapGenerator', Secret: 'secretGenerator' };
const DATA_FIELDS = new Set(['data', 'stringData', 'binaryData']);

/**
 * Hits in `configMapGenerator`/`secretGenerator`: `data.KEY` maps to the literal, the env-file
 * line or the `files` entry that defines KEY; anything else to the generator entry.
 */
export function generatorHits(kustomization: MappedKustomization, cache: FileCache, target: Target): Hit[] {
  const generatorField = GENERATORS[target.kind];
  if (!generatorField) return [];
  const entry = bestByName(mapEntries(field(kustomization.map, generatorField)), target.name);
  if (!entry) return [];
  const entryHit = (depth: number): Hit => makeHit(kustomization.file, nodeLine(kustomization, entry), depth, target);
  const [first, key] = target.segments;
  if (first === undefined) return [entryHit(0)];
  if (!DATA_FIELDS.has(first)) return [entryHit(0)];
  if (key === undefined) return [entryHit(1)];
  const keyHit = literalHit(kustomization, entry, key) ?? envFileHit(kustomization, cache, entry, key) ?? fileHit(kustomization, entry, key);
  return [keyHit ? { ...keyHit, depth: target.segments.length, full: true } : entryHit(1)];
}

type Entry = Parameters<typeof field>[0];

function literalHit(kustomization: MappedKustomization, entry: Entry, key: string): Hit | null {
  const literal = scalarEntries(field(entry, 'literals')).find((item) => String(item.value).startsWith(`${key}=`));
  return literal ? pointAt(kustomization.file, nodeLine(kustomization, literal)) : null;
}

function envFileHit(kustomization: MappedKustomization, cache: FileCache, entry: Entry, key: string): Hit | null {
  // `envs:` is a list; the older `env:` holds a single file.
  const single = field(entry, 'env');
  const references = [...scalarEntries(field(entry, 'envs')), ...(isScalar(single) ? [single] : scalarEntries(single))];
  for (const reference of references) {
    const file = resolveReference(kustomization, String(reference.value));
    const line = file ? envLineOf(cache.text(file), key) : null;
    if (file && line !== null) return pointAt(file, line);
  }
  return null;
}

/** The 1-based line of `KEY=` in an env file (comments and blank lines skipped), or null. */
function envLineOf(text: string | null, key: string): number | null {
  if (text === null) return null;
  const lines = text.split('\n');
  const index = lines.findIndex((line) => {
    const trimmed = line.trimStart();
    if (trimmed.startsWith('#')) return false;
    const equals = trimmed.indexOf('=');
    return (equals < 0 ? trimmed.trimEnd() : trimmed.slice(0, equals).trim()) === key;
  });
  return index < 0 ? null : index + 1;
}

function fileHit(kustomization: MappedKustomization, entry: Entry, key: string): Hit | null {
  const file = scalarEntries(field(entry, 'files')).find((item) => {
    const text = String(item.value);
    const equals = text.indexOf('=');
    return equals >= 0 ? text.slice(0, equals) === key : posix.basename(text) === key;
  });
  return file ? pointAt(kustomization.file, nodeLine(kustomization, file)) : null;
}

function pointAt(file: string, line: number): Hit {
  return { file, line, depth: 0, full: false };
}
