/** A place in the repository that may introduce a queried value. */
export interface Hit {
  /** Repo-relative path with forward slashes. */
  file: string;
  line: number;
  /** How many path segments the place covers. */
  depth: number;
  /** The place covers the whole path: look no further. */
  full: boolean;
}

/** What the locator looks for: a resource (normalized kind and name) and a path inside it. */
export interface Target {
  kind: string;
  name: string;
  segments: readonly string[];
  value?: unknown;
}

export function makeHit(file: string, line: number, depth: number, target: Target): Hit {
  return { file, line, depth, full: depth >= target.segments.length };
}

/**
 * Whether a name written in a repository file stands for the normalized name `wanted`: equal,
 * or carrying a prefix/suffix around it (2 = exact, 1 = contains, 0 = no).
 */
export function nameScore(candidate: unknown, wanted: string): number {
  if (typeof candidate !== 'string' || candidate === '') return 0;
  if (candidate === wanted) return 2;
  return candidate.includes(wanted) ? 1 : 0;
}

/** Kustomize patch targets hold anchored regular expressions; plain names are the common case. */
export function patternMatches(pattern: unknown, value: string): boolean {
  if (pattern === undefined || pattern === null || pattern === '') return true;
  if (typeof pattern !== 'string') return false;
  if (nameScore(pattern, value) > 0) return true;
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    // SyntaxError: the pattern is not a valid regular expression, so it matches only by name.
    return false;
  }
}
