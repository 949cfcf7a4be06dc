import type { Candidate, ServiceSpec } from '../types.js';
import { VERSION } from '../version.js';
import { candidatesHoldNoCredential } from './cacheable.js';
import { sha256 } from '../util/hash.js';
import { runNameOf } from './render-cache.js';
import type { RenderCache } from './render-cache.js';
import { CACHE_FORMAT } from './render-key.js';

/**
 * Per-service candidates (after rules and source location, before policy), keyed by the render
 * keys of all the service's overlays, the env pairs compared, the policy's endpoint rules and
 * parity's version: a warm run skips normalize, match, diff and source location. Policy
 * classification always runs on the whole set (allow rules, waivers and their dates).
 * A service has a key only when every one of its renders was cached, so none held a credential;
 * candidates are checked again before they are written, and verified by digest when read.
 */
export interface ServiceCandidateCache {
  get(service: ServiceSpec, pairs: Array<[string, string]>): Candidate[] | null;
  put(service: ServiceSpec, pairs: Array<[string, string]>, candidates: Candidate[]): void;
  /** Records the digests of the candidates put, so the next run can verify and use them. */
  flush(): void;
}

export function createServiceCache(cache: RenderCache, context: unknown): ServiceCandidateCache {
  const keyOf = (service: ServiceSpec, pairs: Array<[string, string]>): string | null => {
    const renders = service.envs.map((env) => cache.keys.get(runNameOf(service.overlays[env]!)) ?? null);
    if (renders.includes(null)) return null;
    return sha256(JSON.stringify({ format: CACHE_FORMAT, parity: VERSION, service: service.name, envs: service.envs, renders, pairs, context }));
  };
  return {
    get(service, pairs) {
      const key = keyOf(service, pairs);
      return key ? cache.readCandidates<Candidate[]>(key) : null;
    },
    put(service, pairs, candidates) {
      const key = keyOf(service, pairs);
      if (key && candidatesHoldNoCredential(candidates)) cache.writeCandidates(key, candidates);
    },
    flush: () => cache.flush(),
  };
}
