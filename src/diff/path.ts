/**
 * Canonical path syntax (a contract): dot-separated keys, list items by merge key `[name=app]`
 * or by index `[2]`, keys with dots, slashes or other specials quoted: `annotations["a.b/c"]`.
 */

const PLAIN_KEY = /^[A-Za-z0-9_$@*-]+$/;

export function isItemSegment(segment: string): boolean {
  return segment.startsWith('[') && segment.endsWith(']');
}

export function formatPath(segments: readonly string[]): string {
  let out = '';
  for (const segment of segments) {
    if (isItemSegment(segment)) out += segment;
    else if (!PLAIN_KEY.test(segment)) out += `[${JSON.stringify(segment)}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** The inverse of formatPath. Throws on a malformed path. */
export function parsePath(path: string): string[] {
  const segments: string[] = [];
  let i = 0;
  while (i < path.length) {
    const char = path[i];
    if (char === '.') {
      i += 1;
    } else if (char === '[' && path[i + 1] === '"') {
      const end = findQuoteEnd(path, i + 1);
      segments.push(JSON.parse(path.slice(i + 1, end + 1)) as string);
      if (path[end + 1] !== ']') throw new Error(`malformed path: ${path}`);
      i = end + 2;
    } else if (char === '[') {
      const end = findItemEnd(path, i);
      segments.push(path.slice(i, end + 1));
      i = end + 1;
    } else {
      let end = i;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end += 1;
      segments.push(path.slice(i, end));
      i = end;
    }
  }
  return segments;
}

function findQuoteEnd(path: string, start: number): number {
  for (let i = start + 1; i < path.length; i += 1) {
    if (path[i] === '\\') i += 1;
    else if (path[i] === '"') return i;
  }
  throw new Error(`malformed path: ${path}`);
}

function findItemEnd(path: string, start: number): number {
  let inQuote = false;
  for (let i = start + 1; i < path.length; i += 1) {
    if (path[i] === '\\' && inQuote) i += 1;
    else if (path[i] === '"') inQuote = !inQuote;
    else if (path[i] === ']' && !inQuote) return i;
  }
  throw new Error(`malformed path: ${path}`);
}
