import type { CredentialReason } from '../finding-args.js';
import type { Candidate, NormalizedResource } from '../types.js';
import { formatPath } from '../diff/path.js';
import type { PairScope } from './candidate.js';
import { judgeCredential } from '../secrets/credential.js';
import { sameSecret } from '../secrets/fingerprint.js';
import { reusedCandidate } from './secret-rules.js';
import { walkLeaves, type Leaf } from './walk-values.js';

/**
 * Env vars and config keys outside Secrets holding the same credential (by name or by value
 * shape: a password, token, key, connection string with userinfo…) in both environments:
 * SECRET_REUSED per key, saying why the value counts as a credential.
 */
export function credentialReuseCandidates(scope: PairScope, left: NormalizedResource, right: NormalizedResource): Candidate[] {
  if (left.kind === 'Secret') return [];
  const rightLeaves = new Map(credentialLeaves(right).map((leaf) => [formatPath(leaf.segments), leaf]));
  const candidates: Candidate[] = [];
  for (const leaf of credentialLeaves(left)) {
    const other = rightLeaves.get(formatPath(leaf.segments));
    if (other && sameSecret(String(leaf.value), String(other.value))) {
      candidates.push(reusedCandidate(scope, right, leaf.segments, { key: leaf.key, reason: leaf.reason }));
    }
  }
  return candidates;
}

/** The leaves holding a credential, each with why it counts as one. */
function credentialLeaves(resource: NormalizedResource): Array<Leaf & { reason: CredentialReason }> {
  return walkLeaves(resource.object).flatMap((leaf) => {
    // An embedded file (several lines) equal in both environments is one config, not one credential.
    if (typeof leaf.value !== 'string' || leaf.value.includes('\n')) return [];
    const judgement = judgeCredential(leaf.key, leaf.value);
    return judgement.credential ? [{ ...leaf, reason: judgement.reason }] : [];
  });
}
