import { scrubText } from './scrub-secrets.js';

/**
 * A copy of plain data (a result, a finding) with every string passed through the final
 * scrubber, so reporters format values that are already safe: no escaping, quoting or
 * truncation a format applies can hide a secret from the scrubber afterwards.
 */
export function scrubDeep<T>(value: T): T {
  return scrubNode(value) as T;
}

function scrubNode(value: unknown): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (Array.isArray(value)) return value.map(scrubNode);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) copy[key] = scrubNode(child);
  return copy;
}
