/**
 * The secret values this process has seen in its inputs (rendered Secrets, secretGenerator
 * literals, files and env files, credential-keyed values), so that the final text scrubber can
 * mask them wherever they surface. Held in memory only; never written, never printed.
 */
import { spellingsOf } from './variants.js';

/** Values shorter than this are too likely to occur by chance to be worth masking as text. */
export const MIN_SECRET_LENGTH = 4;

/** Values that occur everywhere and say nothing alone: masking them as text would only garble output. */
const COMMON_WORDS = /^(?:true|false|null|none|yes|no|on|off|enabled|disabled|\d{1,7})[,;]?$/i;

const remembered = new Set<string>();
let version = 0;

/** Adds values to remember, in every spelling they may take (short or blank ones are ignored). */
export function rememberSecrets(values: Iterable<string | Buffer>): void {
  for (const value of values) {
    if (value.length < MIN_SECRET_LENGTH || (typeof value === 'string' && COMMON_WORDS.test(value.trim()))) continue;
    for (const spelling of spellingsOf(value)) {
      if (spelling.trim().length < MIN_SECRET_LENGTH || remembered.has(spelling)) continue;
      remembered.add(spelling);
      version += 1;
    }
  }
}

/** The remembered values, and a counter that changes whenever they do (for caching a matcher). */
export function rememberedSecrets(): { values: ReadonlySet<string>; version: number } {
  return { values: remembered, version };
}

/** Test support: forgets everything remembered. */
export function forgetSecrets(): void {
  remembered.clear();
  version += 1;
}
