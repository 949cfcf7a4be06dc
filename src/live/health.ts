/**
 * Rollout health of the workloads a gate promotes from: the controller has seen the latest
 * spec, every replica is updated and ready, and a Deployment has been Available for at least
 * the soak time. Each unmet condition is one coded reason (worded by `formatHealthReason`); none means healthy.
 */
import pLimit from 'p-limit';
import type { HealthProblem, HealthReason } from '../reason-args.js';
import type { K8sObject } from '../types.js';
import type { KubeClient } from './kube.js';

export { formatDuration, parseDuration } from '../util/duration.js';

export interface HealthInput {
  client: KubeClient;
  namespace: string;
  /** Deployments, StatefulSets and DaemonSets are checked; other kinds are skipped. */
  workloads: Array<{ kind: string; name: string }>;
  /** How long a Deployment must have been Available. */
  soakMs: number;
  now: Date;
}

const API_VERSION: Record<string, string> = { Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1' };

export async function checkHealth(input: HealthInput): Promise<HealthReason[]> {
  const limit = pLimit(8);
  const workloads = input.workloads.filter((w) => API_VERSION[w.kind] !== undefined);
  const reasons = await Promise.all(workloads.map((w) => limit(() => workloadReasons(input, w.kind, w.name))));
  return reasons.flat();
}

async function workloadReasons(input: HealthInput, kind: string, name: string): Promise<HealthReason[]> {
  const live = await input.client.get({ apiVersion: API_VERSION[kind]!, kind, name, namespace: input.namespace });
  const workload = { kind, name };
  if (!live) return [{ code: 'HEALTH_NOT_FOUND', args: { namespace: input.namespace, context: input.client.context }, workload }];
  const checks = CHECKS[kind]!;
  return checks.map((check) => check(read(live), input)).filter((r) => r !== null).map((problem) => ({ ...problem, workload }));
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

interface WorkloadView {
  generation: number;
  observedGeneration: number | undefined;
  desired: number;
  status: Record<string, unknown>;
  conditions: Condition[];
}

function read(live: K8sObject): WorkloadView {
  const spec = (live.spec ?? {}) as Record<string, unknown>;
  const status = (live.status ?? {}) as Record<string, unknown>;
  return {
    generation: Number(live.metadata.generation ?? 0),
    observedGeneration: typeof status.observedGeneration === 'number' ? status.observedGeneration : undefined,
    desired: typeof spec.replicas === 'number' ? spec.replicas : 1,
    status,
    conditions: Array.isArray(status.conditions) ? (status.conditions as Condition[]) : [],
  };
}

type Check = (w: WorkloadView, input: HealthInput) => HealthProblem | null;

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

const observed: Check = (w) =>
  w.observedGeneration === undefined || w.observedGeneration < w.generation
    ? { code: 'HEALTH_GENERATION_NOT_OBSERVED', args: { generation: w.generation, observed: w.observedGeneration ?? null } }
    : null;

const countIs = (field: string, state: 'updated' | 'ready' | 'available', expected: (w: WorkloadView) => number): Check => (w) => {
  const want = expected(w);
  const have = num(w.status[field]);
  return have === want ? null : { code: 'HEALTH_REPLICAS_SHORT', args: { have, want, state } };
};

const oldReplicasGone: Check = (w) => {
  const total = num(w.status.replicas);
  return total > w.desired ? { code: 'HEALTH_OLD_REPLICAS', args: { total, desired: w.desired } } : null;
};

const noStuckRollout: Check = (w) => {
  const progressing = w.conditions.find((c) => c.type === 'Progressing');
  return progressing?.reason === 'ProgressDeadlineExceeded' ? { code: 'HEALTH_ROLLOUT_STUCK', args: { message: progressing.message ?? null } } : null;
};

const availableForSoak: Check = (w, input) => {
  const available = w.conditions.find((c) => c.type === 'Available');
  if (available?.status !== 'True') {
    return { code: 'HEALTH_NOT_AVAILABLE', args: { reason: available?.reason ?? null, message: available?.message ?? null } };
  }
  const since = Date.parse(available.lastTransitionTime ?? '');
  if (Number.isNaN(since)) return input.soakMs > 0 ? { code: 'HEALTH_SOAK_UNKNOWN', args: {} } : null;
  const elapsed = input.now.getTime() - since;
  return elapsed < input.soakMs ? { code: 'HEALTH_SOAKING', args: { elapsedMs: elapsed, soakMs: input.soakMs } } : null;
};

const revisionsConverged: Check = (w) => {
  const current = w.status.currentRevision;
  const update = w.status.updateRevision;
  return current !== update ? { code: 'HEALTH_ROLLOUT_IN_PROGRESS', args: { current: String(current), update: String(update) } } : null;
};

const desiredScheduled = (w: WorkloadView): number => num(w.status.desiredNumberScheduled);

const CHECKS: Record<string, Check[]> = {
  Deployment: [
    observed,
    countIs('updatedReplicas', 'updated', (w) => w.desired),
    countIs('readyReplicas', 'ready', (w) => w.desired),
    countIs('availableReplicas', 'available', (w) => w.desired),
    oldReplicasGone,
    noStuckRollout,
    availableForSoak,
  ],
  StatefulSet: [
    observed,
    countIs('updatedReplicas', 'updated', (w) => w.desired),
    countIs('readyReplicas', 'ready', (w) => w.desired),
    revisionsConverged,
  ],
  DaemonSet: [
    observed,
    countIs('updatedNumberScheduled', 'updated', desiredScheduled),
    countIs('numberReady', 'ready', desiredScheduled),
  ],
};
