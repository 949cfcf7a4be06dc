/**
 * Whole-token matching of environment tokens: delimited by the text's ends or non-alphanumerics,
 * never the top-level domain of a DNS name (see `findEnvTokens`).
 */
import { findEnvTokens } from '../normalize/env-tokens.js';

export function containsToken(value: string, token: string): boolean {
  return token !== '' && findEnvTokens(value, [token]).length > 0;
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
