import type { Candidate, NormalizedResource, ResourcePair } from '../types.js';
import { makeCandidate, type PairScope } from './candidate.js';

/** Annotations that make an object a sync hook: a step of the deployment, not part of what is deployed. */
const HOOK_ANNOTATIONS = ['argocd.argoproj.io/hook', 'helm.sh/hook'];

/**
 * A resource on one side only: RESOURCE_MISSING, `present`/`absent` per environment. For a
 * sync hook (an Argo CD or Helm hook Job, say) the path names its hook annotation, so a policy
 * can tell a per-environment deployment step from a missing part of the application (the
 * default policy allows one-sided hooks: `sync-hooks`).
 */
export function missingCandidate(scope: PairScope, pair: ResourcePair): Candidate | null {
  const resource = pair.left ?? pair.right;
  if (!resource || (pair.left && pair.right)) return null;
  const [presentIn, missingIn] = pair.left ? [scope.leftEnv, scope.rightEnv] : [scope.rightEnv, scope.leftEnv];
  return makeCandidate({
    code: 'RESOURCE_MISSING',
    service: scope.service,
    envs: [scope.leftEnv, scope.rightEnv],
    resource,
    segments: hookSegments(resource),
    values: { [presentIn]: 'present', [missingIn]: 'absent' },
    args: { presentIn, missingIn },
  });
}

function hookSegments(resource: NormalizedResource): string[] | null {
  const annotations = resource.object.metadata?.annotations ?? {};
  const hook = HOOK_ANNOTATIONS.find((key) => typeof annotations[key] === 'string');
  return hook ? ['metadata', 'annotations', hook] : null;
}
