import picomatch from 'picomatch';
import { isItemSegment, parsePath } from '../diff/path.js';

/**
 * Policy path patterns: the canonical path syntax (src/diff/path.ts) plus wildcards.
 * `*` is any one key, `[*]` any list item, `[name=*_URL]` a glob over the merge-key value,
 * `**` any number of segments; other key segments may be globs too (`data.*_URL`).
 * A pattern covers the path it names and everything below it.
 */
export interface PathPattern {
  source: string;
  segments: SegmentMatcher[];
}

type SegmentMatcher = { deep: true } | { deep: false; test: (segment: string) => boolean };

const GLOB = { dot: true } as const;

/** Compiles a pattern; throws an Error whose message says what is wrong. */
export function compilePathPattern(source: string): PathPattern {
  if (source.trim() === '') throw new Error('empty pattern');
  checkSeparators(source);
  let parts: string[];
  try {
    parts = parsePath(source);
  } catch {
    // The parser's own error for malformed quoting; reworded for the policy author.
    throw new Error('unbalanced quotes or brackets');
  }
  return { source, segments: parts.map(compileSegment) };
}

/** Why `source` is not a valid pattern, or null when it is. */
export function pathPatternError(source: string): string | null {
  try {
    compilePathPattern(source);
    return null;
  } catch (error) {
    // compilePathPattern's own Errors, worded for the policy author; anything else is a bug.
    if (!(error instanceof Error)) throw error;
    return error.message;
  }
}

/** True when the pattern names `segments` or one of its ancestors. */
export function patternCovers(pattern: PathPattern, segments: readonly string[]): boolean {
  return coversFrom(pattern.segments, 0, segments, 0);
}

const cache = new Map<string, PathPattern>();

/** patternCovers over a pattern source, compiled once. */
export function pathCovered(source: string, segments: readonly string[]): boolean {
  let pattern = cache.get(source);
  if (!pattern) {
    pattern = compilePathPattern(source);
    cache.set(source, pattern);
  }
  return patternCovers(pattern, segments);
}

function coversFrom(pattern: SegmentMatcher[], p: number, path: readonly string[], s: number): boolean {
  const matcher = pattern[p];
  if (!matcher) return true;
  if (matcher.deep) return coversFrom(pattern, p + 1, path, s) || (s < path.length && coversFrom(pattern, p, path, s + 1));
  const segment = path[s];
  return segment !== undefined && matcher.test(segment) && coversFrom(pattern, p + 1, path, s + 1);
}

function compileSegment(segment: string): SegmentMatcher {
  if (segment === '**') return { deep: true };
  if (isItemSegment(segment)) return { deep: false, test: compileItem(segment) };
  if (segment.includes('**')) throw new Error(`'**' must be a whole segment, not part of '${segment}'`);
  if (segment === '*') return { deep: false, test: (candidate) => !isItemSegment(candidate) };
  const glob = picomatch(segment, GLOB);
  return { deep: false, test: (candidate) => !isItemSegment(candidate) && glob(candidate) };
}

function compileItem(segment: string): (candidate: string) => boolean {
  const body = segment.slice(1, -1);
  if (body === '*') return isItemSegment;
  if (/^\d+$/.test(body)) return (candidate) => candidate === segment;
  const wanted = parseItemBody(body, segment);
  const globs = wanted.map(([key, value]) => [key, picomatch(value, GLOB)] as const);
  return (candidate) => {
    if (!isItemSegment(candidate)) return false;
    const actual = new Map(safeItemBody(candidate.slice(1, -1)));
    return globs.every(([key, glob]) => actual.has(key) && glob(actual.get(key)!));
  };
}

/** `name=app,protocol="UDP"` → [['name','app'],['protocol','UDP']]. */
function parseItemBody(body: string, segment: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of splitOutsideQuotes(body)) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq);
    const raw = part.slice(eq + 1);
    if (eq <= 0 || raw === '' || !/^[A-Za-z0-9_$@-]+$/.test(key)) {
      throw new Error(`list item '${segment}' must be [*], [N] or [key=value,...]`);
    }
    pairs.push([key, unquote(raw, segment)]);
  }
  return pairs;
}

function safeItemBody(body: string): Array<[string, string]> {
  try {
    return parseItemBody(body, body);
  } catch {
    // A malformed item body: it selects nothing (the pattern was already validated).
    return [];
  }
}

function splitOutsideQuotes(body: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i]!;
    if (char === '\\' && quoted) {
      current += char + (body[i + 1] ?? '');
      i += 1;
    } else if (char === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      if (char === '"') quoted = !quoted;
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function unquote(raw: string, segment: string): string {
  if (!raw.startsWith('"')) return raw;
  try {
    return JSON.parse(raw) as string;
  } catch {
    // SyntaxError from JSON.parse: the quoted segment is malformed.
    throw new Error(`bad quoting in '${segment}'`);
  }
}

/** Rejects empty segments (`a..b`, `.a`, `a.`, `a.[0]`) and unbalanced brackets or quotes. */
function checkSeparators(source: string): void {
  const scan = { depth: 0, quoted: false };
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i]!;
    if (scan.quoted) {
      if (char === '\\') i += 1;
      else if (char === '"') scan.quoted = false;
      continue;
    }
    if (char === '.' && scan.depth === 0 && isEmptySegmentAt(source, i)) throw new Error(`empty segment at position ${i + 1}`);
    trackBrackets(char, scan);
  }
  if (scan.depth !== 0 || scan.quoted) throw new Error('unbalanced quotes or brackets');
}

function trackBrackets(char: string, scan: { depth: number; quoted: boolean }): void {
  if (char === '"') scan.quoted = true;
  else if (char === '[') scan.depth += 1;
  else if (char === ']') scan.depth -= 1;
  if (scan.depth < 0) throw new Error('unbalanced brackets');
}

function isEmptySegmentAt(source: string, i: number): boolean {
  return i === 0 || i === source.length - 1 || source[i + 1] === '.' || source[i + 1] === '[';
}
