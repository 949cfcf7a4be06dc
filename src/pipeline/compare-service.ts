import { diffResources } from '../diff/diff-resources.js';
import { matchResources } from '../match/match-resources.js';
import { withoutEnvIdentityLabels } from '../normalize/env-identity-labels.js';
import { envCandidates, pairCandidates, sharedRegistrableDomains } from '../rules/index.js';
import type { Candidate, Difference, EndpointRule, EnvResources } from '../types.js';

export interface ServiceComparison {
  service: string;
  /** Normalized resources per environment, only for environments that rendered. */
  envs: Map<string, EnvResources>;
  pairs: Array<[string, string]>;
  /** Token lists per environment of the service's chain (name, namespace, aliases). */
  tokens: Map<string, string[]>;
  endpoints: EndpointRule[];
}

/** Every candidate for one service: per env pair (match → diff → rules) and per environment. */
export function compareService(comparison: ServiceComparison): Candidate[] {
  const candidates: Candidate[] = [];
  for (const [a, b] of comparison.pairs) {
    const left = comparison.envs.get(a);
    const right = comparison.envs.get(b);
    if (left && right) candidates.push(...comparePair(comparison, left, right));
  }
  const chainEnvs = [...comparison.tokens].map(([env, tokens]) => ({ env, tokens }));
  const sharedDomains = sharedRegistrableDomains([...comparison.envs.values()]);
  for (const env of comparison.envs.values()) {
    candidates.push(
      ...envCandidates({
        service: comparison.service,
        env,
        chainEnvs,
        tokens: comparison.tokens.get(env.env) ?? [],
        sharedDomains,
        policy: { endpoints: comparison.endpoints },
      }),
    );
  }
  return candidates;
}

function comparePair(comparison: ServiceComparison, leftEnv: EnvResources, rightEnv: EnvResources): Candidate[] {
  const tokens = { left: comparison.tokens.get(leftEnv.env) ?? [], right: comparison.tokens.get(rightEnv.env) ?? [] };
  const [left, right] = withoutEnvIdentityLabels(leftEnv, rightEnv, tokens);
  const pairs = matchResources(left.resources, right.resources, tokens);
  const differences = new Map<string, Difference[]>();
  for (const pair of pairs) {
    if (pair.left && pair.right) {
      differences.set(pair.key, diffResources(pair.left.object, pair.right.object, { tokens }));
    }
  }
  return pairCandidates({
    service: comparison.service,
    left,
    right,
    pairs,
    differences,
    policy: { endpoints: comparison.endpoints },
    tokens,
  });
}
