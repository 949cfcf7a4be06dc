/** What a secret value is replaced by in every message parity shows. */
export const REDACTED_TEXT = '<redacted>';

/** Values shorter than this are too likely to occur by chance to be worth replacing. */
export const MIN_SECRET_LENGTH = 4;

/**
 * Replaces every occurrence of every secret value in `text` with `<redacted>`, in one pass
 * (longest value first). Also catches the values as Go and JSON quote them (`\"`, `\\`, `\n`).
 */
export function scrubSecrets(text: string, values: Iterable<string>): string {
  const variants = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_SECRET_LENGTH) continue;
    variants.add(value);
    variants.add(JSON.stringify(value).slice(1, -1));
  }
  if (variants.size === 0) return text;
  const pattern = [...variants].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  return text.replace(new RegExp(pattern, 'g'), REDACTED_TEXT);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
