import { isDeepStrictEqual } from 'node:util';
import { redactObject, redactValueAt } from '../secrets/index.js';
import type { Candidate, K8sObject } from '../types.js';

/**
 * Whether a render may go to disk: only when parity's structural redaction would change none of
 * its objects — no Secret data, no credential-named key or env var, no private key, no URL
 * password. A render holding any of them is rendered afresh every run instead.
 */
export function holdsNoCredential(objects: readonly K8sObject[]): boolean {
  return objects.every((object) => isDeepStrictEqual(redactObject(object), object));
}

/** The same test for a service's candidates: every value, redacted where it sits, and every argument stay as they are. */
export function candidatesHoldNoCredential(candidates: readonly Candidate[]): boolean {
  return candidates.every((candidate) => {
    const kind = candidate.resource?.kind ?? '';
    const values = Object.values(candidate.values).every((value) => unchanged(redactValueAt(kind, candidate.segments, value), value));
    return values && unchanged(redactValueAt('', [], candidate.args), candidate.args);
  });
}

function unchanged(redacted: unknown, value: unknown): boolean {
  return isDeepStrictEqual(redacted, value);
}
