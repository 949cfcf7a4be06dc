import type { EnvTokenPair } from '../normalize/equivalence.js';
import type { Candidate, Difference, EndpointRule, EnvResources, NormalizedResource, ResourcePair } from '../types.js';
import type { PairScope } from './candidate.js';
import { credentialReuseCandidates } from './credential-reuse.js';
import { fluxPatchCandidates } from './flux-patch.js';
import { imageCandidate, isImagePath } from './image-rule.js';
import { isDefaultedPullPolicy } from './pull-policy.js';
import { missingCandidate } from './resource-missing.js';
import { claimsSecretData, secretCandidates } from './secret-rules.js';
import { isCiphertextReuse, sopsDifference } from './sops.js';
import { claimKey, tlsCandidates } from './tls-candidates.js';
import { isExpectedCredentialChange, valueDriftCandidate } from './value-drift.js';

export interface PairContext {
  service: string;
  left: EnvResources;
  right: EnvResources;
  pairs: ResourcePair[];
  /** Differences by pair key. */
  differences: Map<string, Difference[]>;
  policy: { endpoints: EndpointRule[] };
  /** Each side's environment tokens: a config file's drift names the lines beyond them. */
  tokens?: EnvTokenPair;
}

/**
 * Every candidate of one environment pair: missing resources, TLS posture mismatches, secret
 * drift and reuse, image mismatches, and VALUE_DRIFT for every other difference.
 */
export function pairCandidates(context: PairContext): Candidate[] {
  const scope: PairScope = { service: context.service, leftEnv: context.left.env, rightEnv: context.right.env };
  const tls = tlsCandidates(scope, context);
  const candidates: Candidate[] = [...tls.candidates];
  for (const pair of context.pairs) {
    const missing = tls.claimedMissing.has(pair.key) ? null : missingCandidate(scope, pair);
    if (missing) candidates.push(missing);
    if (!pair.left || !pair.right) continue;
    const secrets = pair.left.kind === 'Secret' ? secretCandidates(scope, pair.left, pair.right) : [];
    const reused = credentialReuseCandidates(scope, pair.left, pair.right);
    const { left, right } = pair;
    candidates.push(...[...secrets, ...reused].filter((candidate) => !isCiphertextReuse(candidate, left, right)));
    for (const diff of tls.differences.get(pair.key) ?? []) {
      if (tls.claimed.has(claimKey(pair.key, diff.path)) || isDefaultedPullPolicy(left, right, diff)) continue;
      candidates.push(...differenceCandidates(scope, pair.right, diff, context.tokens));
    }
  }
  return candidates;
}

/** The first rule that speaks for a difference decides; the rest fall through to VALUE_DRIFT. */
function differenceCandidates(scope: PairScope, resource: NormalizedResource, diff: Difference, tokens: EnvTokenPair | undefined): Candidate[] {
  const single = differenceCandidate(scope, resource, diff);
  if (single === undefined) return fluxPatchCandidates(scope, resource, diff) ?? [valueDriftCandidate(scope, resource, diff, tokens)];
  return single ? [single] : [];
}

/** A candidate, null when the difference is no finding, undefined when it is plain value drift. */
function differenceCandidate(scope: PairScope, resource: NormalizedResource, diff: Difference): Candidate | null | undefined {
  if (claimsSecretData(resource, diff) || isExpectedCredentialChange(resource, diff)) return null;
  const sops = sopsDifference(scope, resource, diff);
  if (sops) return sops === 'skip' ? null : sops;
  if (isImagePath(diff.segments) && diff.change === 'changed') return imageCandidate(scope, resource, diff);
  return undefined;
}
