import type { GateCheckRunner } from '../gate/checks/run-checks.js';
import { parseDuration } from '../util/duration.js';
import { kubeClientOptionsOf, type KubeFlags } from './kube-flags.js';

export interface HealthFlags extends KubeFlags {
  checkHealth?: boolean;
  soak: string;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * `--check-health`: every Deployment/StatefulSet/DaemonSet the source overlay renders must be
 * rolled out and Available in the cluster for the soak time; each unmet condition is a gate
 * reason. The duration is checked before anything renders.
 */
export function healthCheck(flags: HealthFlags, timeoutMs?: number): GateCheckRunner {
  const soakMs = parseDuration(flags.soak);
  return async ({ source }) => {
    // Loaded only when asked for: the Kubernetes client is heavy to start.
    const [{ createKubeClient }, { checkHealth }, { formatHealthReason }] = await Promise.all([
      import('../live/kube.js'),
      import('../live/health.js'),
      import('../report/messages.js'),
    ]);
    const client = createKubeClient(kubeClientOptionsOf(flags, timeoutMs));
    const workloads = source.resources
      .filter((resource) => WORKLOAD_KINDS.has(resource.kind))
      .map((resource) => ({ kind: resource.kind, name: resource.metadata.name }));
    const problems = await checkHealth({
      client,
      namespace: source.chain.namespace ?? client.namespace,
      workloads,
      soakMs,
      now: new Date(),
    });
    return { name: 'health', verdict: problems.length > 0 ? 'fail' : 'pass', reasons: problems.map(formatHealthReason) };
  };
}
