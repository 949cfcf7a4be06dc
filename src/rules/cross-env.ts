import type { Candidate, NormalizedResource } from '../types.js';
import { makeCandidate } from './candidate.js';
import { isCredentialKey } from './credential-key.js';
import { containsToken, findOtherEnv } from './env-token-match.js';
import { findAddresses, maskProviderHosts } from './address-like.js';
import { maskSharedDomains } from '../normalize/dns-names.js';
import { REDACTED, scrubString, stripUrlCredentials } from './redact.js';
import { walkLeaves, type Leaf } from './walk-values.js';

export interface CrossEnvScope {
  service: string;
  env: string;
  /** This environment's tokens. */
  tokens: string[];
  /** Every environment of the chain with its tokens (this one may be among them). */
  chainEnvs: Array<{ env: string; tokens: string[] }>;
  /** Registrable domains every environment uses (`sharedRegistrableDomains`): no token in them names an environment. */
  sharedDomains?: ReadonlySet<string>;
}

const TOOL_ANNOTATIONS = /^(kubectl\.kubernetes\.io|argocd\.argoproj\.io|kustomize\.config\.k8s\.io|(internal\.)?config\.kubernetes\.io)\//;
const LABEL_MAPS = new Set(['labels', 'matchLabels']);

/**
 * CROSS_ENV_REFERENCE: an address-like value naming another environment of the chain, except
 * in objects whose own name carries an environment token (they belong to that environment).
 */
export function crossEnvCandidates(scope: CrossEnvScope, resources: NormalizedResource[]): Candidate[] {
  const naming = distinctiveTokens([...scope.chainEnvs, { env: scope.env, tokens: scope.tokens }]);
  const own = new Set(scope.tokens.map((t) => t.toLowerCase()));
  const others = scope.chainEnvs
    .filter((entry) => entry.env !== scope.env)
    .map((entry) => ({ env: entry.env, tokens: entry.tokens.filter((t) => naming.includes(t.toLowerCase()) && !own.has(t.toLowerCase())) }));
  return resources
    .filter((resource) => !naming.some((token) => containsToken(resource.name, token)))
    .flatMap((resource) => resourceReferences(scope, resource, others));
}

function resourceReferences(scope: CrossEnvScope, resource: NormalizedResource, others: Array<{ env: string; tokens: string[] }>): Candidate[] {
  const candidates: Candidate[] = [];
  for (const leaf of walkLeaves(resource.object, skipSubtree)) {
    if (typeof leaf.value !== 'string') continue;
    const secret = isSecretValue(resource, leaf);
    const text = secret && leaf.segments[0] === 'data' ? decode(leaf.value) : leaf.value;
    for (const address of findAddresses(leaf.key, text)) {
      const found = findOtherEnv(neutralText(address, scope), others);
      if (!found) continue;
      candidates.push(makeCandidate({
        code: 'CROSS_ENV_REFERENCE',
        service: scope.service,
        envs: [scope.env],
        resource,
        segments: leaf.segments,
        values: { [scope.env]: secret ? REDACTED : scrubString(stripUrlCredentials(address)) },
        args: { referencedEnv: found.env, key: leaf.key, token: found.token, imageTag: false },
      }));
      break;
    }
  }
  return candidates;
}

/**
 * The address as tokens are looked for in it: no credentials, no shared domain and, before the
 * last environment of the chain, no provider staging host (production issuing certificates
 * from Let's Encrypt's staging directory is still a reference to staging).
 */
function neutralText(address: string, scope: CrossEnvScope): string {
  const text = stripUrlCredentials(address);
  const inLast = scope.chainEnvs.at(-1)?.env === scope.env;
  return maskSharedDomains(inLast ? text : maskProviderHosts(text), scope.sharedDomains ?? new Set());
}

/** Tokens that name one environment only (a namespace shared by every environment names none). */
function distinctiveTokens(envs: Array<{ env: string; tokens: string[] }>): string[] {
  const owners = new Map<string, Set<string>>();
  for (const entry of envs) {
    for (const token of entry.tokens) owners.set(token.toLowerCase(), (owners.get(token.toLowerCase()) ?? new Set()).add(entry.env));
  }
  return [...owners].filter(([, envNames]) => envNames.size === 1).map(([token]) => token);
}

/** Names, labels, images and tool annotations are no addresses. */
function skipSubtree(segments: string[]): boolean {
  const last = segments[segments.length - 1]!;
  const parent = segments[segments.length - 2];
  if (last === 'image' || LABEL_MAPS.has(last)) return true;
  if (parent === 'annotations') return TOOL_ANNOTATIONS.test(last);
  return parent === 'metadata' && last !== 'annotations';
}

function isSecretValue(resource: NormalizedResource, leaf: Leaf): boolean {
  const inSecretData = resource.kind === 'Secret' && (leaf.segments[0] === 'data' || leaf.segments[0] === 'stringData');
  return inSecretData || isCredentialKey(leaf.key);
}

function decode(value: string): string {
  return Buffer.from(value, 'base64').toString('utf8');
}
