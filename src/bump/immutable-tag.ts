import { digestProblem } from '../images/grammar.js';

/**
 * Whether a promoted reference is immutable: a digest, a git SHA (7–40 hex), or a version that
 * carries a SHA part (`1.4.2-3f2a1bc`, `v1.4.2-5-g3f2a1bc`, `1.4.2+sha.3f2a1bc`). Branch and
 * environment names move, and anything not recognizably immutable is refused too: the check
 * fails closed.
 */
const MOVING_TAGS = new Set(['latest', 'main', 'master', 'stable', 'dev', 'staging', 'production']);
const SHA = /^[0-9a-f]{7,40}$/;
const SHA_PART = /^g?[0-9a-f]{7,40}$/;
const VERSION = /^v?\d+\.\d+(\.\d+)?([-+.][0-9A-Za-z.+-]*)?$/;

/** Returns why the reference is mutable, or null when it is immutable. */
export function mutableTagReason(ref: { tag?: string; digest?: string }): string | null {
  if (ref.digest !== undefined) {
    return digestProblem(ref.digest);
  }
  const tag = ref.tag ?? '';
  if (tag === '') return 'no tag or digest is set';
  if (MOVING_TAGS.has(tag.toLowerCase())) return `tag ${tag} is a moving name`;
  if (SHA.test(tag) || hasVersionWithSha(tag)) return null;
  return `tag ${tag} is neither a digest, a commit SHA, nor a version with a SHA part`;
}

function hasVersionWithSha(tag: string): boolean {
  const suffix = VERSION.exec(tag)?.[2];
  return suffix !== undefined && suffix.split(/[-+._]/).some((part) => SHA_PART.test(part));
}
