/** Whole-token matching of environment tokens: delimited by the text's ends or non-alphanumerics. */

const patterns = new Map<string, RegExp>();

export function containsToken(value: string, token: string): boolean {
  if (token === '') return false;
  let pattern = patterns.get(token);
  if (!pattern) {
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    pattern = new RegExp(`(?<![a-z0-9])${escaped}(?![a-z0-9])`, 'i');
    patterns.set(token, pattern);
  }
  return pattern.test(value);
}

/** The first environment of `others` whose (own) tokens occur in `value`, with the token. */
export function findOtherEnv(
  value: string,
  others: ReadonlyArray<{ env: string; tokens: readonly string[] }>,
): { env: string; token: string } | null {
  for (const other of others) {
    const token = other.tokens.find((t) => containsToken(value, t));
    if (token) return { env: other.env, token };
  }
  return null;
}
