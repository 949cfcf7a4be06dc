/**
 * The ignoreDifferences of the Application deploying each service in the drifted environment,
 * as `findLiveDrift`'s `ignore` option, counting every difference it leaves out.
 */
import type { MappedApplication } from '../argocd/map-applications.js';
import type { K8sObject } from '../types.js';
import { ignoredFor, readIgnoreDifferences, type IgnoreRule } from './ignore-differences.js';

export interface IgnoreCounter {
  /** `findLiveDrift`'s `ignore` for one service (undefined when its Application ignores nothing). */
  forService(service: string): ((desired: K8sObject, live: K8sObject) => ((segments: readonly string[]) => boolean) | null) | undefined;
  /** How many differences were left out so far. */
  count(): number;
}

/** Reads (and checks) every Application's rules up front: a bad expression fails before any API call. */
export function createIgnoreCounter(applications: readonly MappedApplication[], env: string): IgnoreCounter {
  const rules = new Map<string, IgnoreRule[]>();
  for (const mapped of applications) {
    if (mapped.env === env && !rules.has(mapped.service)) rules.set(mapped.service, readIgnoreDifferences(mapped.app));
  }
  let ignored = 0;
  return {
    forService(service) {
      const serviceRules = rules.get(service);
      if (!serviceRules?.length) return undefined;
      return (desired, live) => {
        const ignoredAt = ignoredFor(serviceRules, desired, live);
        if (!ignoredAt) return null;
        return (segments) => {
          const hit = ignoredAt(segments);
          if (hit) ignored += 1;
          return hit;
        };
      };
    },
    count: () => ignored,
  };
}
