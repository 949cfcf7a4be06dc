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
  const domains = new Set<string>();
  for (const resource of env.resources) {
    for (const leaf of walkLeaves(resource.object)) {
      if (typeof leaf.value !== 'string') continue;
      for (const address of findAddresses(leaf.key, leaf.value)) {
        for (const { name } of findDnsNames(address)) domains.add(registrableDomain(name));
      }
    }
  }
  return domains;
}
