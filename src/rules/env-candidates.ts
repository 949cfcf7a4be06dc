import type { Candidate, EndpointRule, EnvResources } from '../types.js';
import { crossEnvCandidates } from './cross-env.js';
import { crossEnvTagCandidates } from './image-rule.js';
import { mtlsRequiredCandidates } from './mtls-required.js';
import { computePostures } from './tls-posture.js';

export interface EnvContext {
  service: string;
  env: EnvResources;
  /** Every environment of the service's chain with its tokens (name, namespace, aliases). */
  chainEnvs: Array<{ env: string; tokens: string[] }>;
  /** This environment's tokens. */
  tokens: string[];
  /** Registrable domains every environment of the chain uses (see `sharedRegistrableDomains`). */
  sharedDomains?: ReadonlySet<string>;
  policy: { endpoints: EndpointRule[] };
}

/** Candidates of one environment on its own: cross-environment references (addresses, image tags) and mTLS-only endpoints. */
export function envCandidates(context: EnvContext): Candidate[] {
  const envName = context.env.env;
  const scope = { service: context.service, env: envName };
  const chain = { ...scope, tokens: context.tokens, chainEnvs: context.chainEnvs, ...sharedOf(context) };
  const references = crossEnvCandidates(chain, context.env.resources);
  const tags = crossEnvTagCandidates(chain, context.env.resources)
    .filter((tag) => !references.some((c) => c.path === tag.path && c.resource?.name === tag.resource?.name && c.resource?.kind === tag.resource?.kind));
  return [
    ...references,
    ...tags,
    ...mtlsRequiredCandidates(scope, computePostures(context.env), context.policy.endpoints),
  ];
}

function sharedOf(context: EnvContext): { sharedDomains?: ReadonlySet<string> } {
  return context.sharedDomains ? { sharedDomains: context.sharedDomains } : {};
}
