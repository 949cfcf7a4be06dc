import { findDnsNames, registrableDomain } from '../normalize/dns-names.js';
import type { EnvResources } from '../types.js';
import { findAddresses } from './address-like.js';
import { walkLeaves } from './walk-values.js';

/** Fewer environments than this sharing a domain are no evidence that it names none of them. */
const MIN_SHARING_ENVS = 3;

/**
 * The registrable domains (`example-prod.com`) that address-like values of every environment
 * use, when there are three environments or more: a domain that dev, staging and production
 * all live under is the organisation's, and the environment token in it names no environment.
 * With two environments, both using `staging-example.com` may well be production pointing at
 * staging, so nothing is shared.
 */
export function sharedRegistrableDomains(envs: readonly EnvResources[]): Set<string> {
  if (envs.length < MIN_SHARING_ENVS) return new Set();
  const [first, ...rest] = envs.map(envDomains);
  return new Set([...first!].filter((domain) => rest.every((domains) => domains.has(domain))));
}

function envDomains(env: EnvResources): Set<string> {
  const leaves = env.resources.flatMap((resource) => walkLeaves(resource.object));
  const addresses = leaves.flatMap((leaf) => (typeof leaf.value === 'string' ? findAddresses(leaf.key, leaf.value) : []));
  return new Set(addresses.flatMap((address) => findDnsNames(address).map(({ name }) => registrableDomain(name))));
}
