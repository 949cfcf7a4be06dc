import { maskShapes, REDACTED } from './shapes.js';
import { MIN_SECRET_LENGTH, rememberedSecrets } from './vault.js';
import { spellingsOf } from './variants.js';


/** What a secret value is replaced by in every message parity shows. */
export const REDACTED_TEXT = REDACTED;

/**
 * Replaces every occurrence of every secret value in `text` with `<redacted>`, in one pass
 * (longest first), in each spelling the value may take (Go/JSON-quoted, base64, raw bytes).
 */
export function scrubSecrets(text: string, values: Iterable<string | Buffer>): string {
  const spellings = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_SECRET_LENGTH) continue;
    for (const spelling of spellingsOf(value)) if (spelling.trim().length >= MIN_SECRET_LENGTH) spellings.add(spelling);
  }
  const pattern = matcherOf(spellings);
  return pattern ? text.replace(pattern, REDACTED) : text;
}

let cached: { version: number; pattern: RegExp | null } = { version: -1, pattern: null };

/**
 * The last pass before any text leaves parity (reports, `--out` files, stderr, render output,
 * promote diffs): every secret value this run has seen, in every spelling, and every
 * credential shape are masked.
 */
export function scrubText(text: string): string {
  const { values, version } = rememberedSecrets();
  if (cached.version !== version) cached = { version, pattern: matcherOf(values) };
  const known = cached.pattern ? text.replace(cached.pattern, REDACTED) : text;
  return maskShapes(known);
}

function matcherOf(spellings: Iterable<string>): RegExp | null {
  const sorted = [...spellings].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return null;
  return new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
