import { sha256 } from '../util/hash.js';
import { repoIdentity } from '../git/repo-identity.js';
import type { Policy, RunIdentity } from '../types.js';

/**
 * The identity of one audit run: repository and commit (as `parity merge` records them for
 * shards), the policy digest and the time. `--baseline` and `--history` compare results by it.
 */
export async function describeRun(repoDir: string, policy: Policy, now: Date = new Date()): Promise<RunIdentity> {
  const identity = await repoIdentity(repoDir);
  return { repo: identity.repo, commit: identity.commit, time: now.toISOString(), policyDigest: sha256(JSON.stringify(policy)) };
}
