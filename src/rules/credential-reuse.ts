import type { Candidate, NormalizedResource } from '../types.js';
import { formatPath } from '../diff/path.js';
import type { PairScope } from './candidate.js';
import { isCredentialKey } from './credential-key.js';
import { sameSecret } from './fingerprint.js';
import { reusedCandidate } from './secret-rules.js';
import { walkLeaves, type Leaf } from './walk-values.js';

/** `$(DB_PASSWORD)` / `${DB_PASSWORD}`: a reference to a value, not a value. */
const REFERENCE_ONLY = /^\$[({][A-Za-z_][A-Za-z0-9_]*[)}]$/;

/**
 * Credential-named env vars and config keys outside Secrets holding the same non-empty value
 * in both environments: SECRET_REUSED per key.
 */
export function credentialReuseCandidates(scope: PairScope, left: NormalizedResource, right: NormalizedResource): Candidate[] {
  if (left.kind === 'Secret') return [];
  const rightLeaves = new Map(credentialLeaves(right).map((leaf) => [formatPath(leaf.segments), leaf]));
  const candidates: Candidate[] = [];
  for (const leaf of credentialLeaves(left)) {
    const other = rightLeaves.get(formatPath(leaf.segments));
    if (other && sameSecret(String(leaf.value), String(other.value))) {
      candidates.push(reusedCandidate(scope, right, leaf.segments, leaf.key));
    }
  }
  return candidates;
}

function credentialLeaves(resource: NormalizedResource): Leaf[] {
  return walkLeaves(resource.object).filter(
    (leaf) => typeof leaf.value === 'string' && leaf.value !== '' && !REFERENCE_ONLY.test(leaf.value) && isCredentialKey(leaf.key),
  );
}
