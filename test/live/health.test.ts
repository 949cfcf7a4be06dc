import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { checkHealth, formatDuration, parseDuration } from '../../src/live/health.js';
import { createKubeClient, type KubeClient } from '../../src/live/kube.js';
import type { TestWorkload } from './api-shapes.js';
import { startFixtureCluster, type FixtureCluster } from './fixture-cluster.js';
import type { HealthReason } from '../../src/reason-args.js';
import { formatHealthReason } from '../../src/report/messages.js';

const worded = (reasons: HealthReason[]): string[] => reasons.map(formatHealthReason);

let cluster: FixtureCluster;
let client: KubeClient;
beforeAll(async () => {
  cluster = await startFixtureCluster();
  client = createKubeClient({ kubeconfig: cluster.kubeconfig, context: 'staging' });
});
afterAll(() => cluster?.stop());

const workloads = [
  { kind: 'Deployment', name: 'payments-service' },
  { kind: 'StatefulSet', name: 'payments-ledger' },
  { kind: 'ConfigMap', name: 'payments-config' },
];
// staging's payments-service became Available at 12:00:00
const twoMinutesLater = new Date('2025-06-03T12:02:10Z');
const soakMs = parseDuration('10m');

async function live(kind: string, name: string): Promise<TestWorkload> {
  return structuredClone((await client.get({ apiVersion: 'apps/v1', kind, name, namespace: 'staging' })) as TestWorkload);
}

describe('checkHealth', () => {
  it('holds the gate while staging has been green for two minutes of a ten-minute soak', async () => {
    expect(worded(await checkHealth({ client, namespace: 'staging', workloads, soakMs, now: twoMinutesLater }))).toEqual([
      'Deployment payments-service: Available for 2m10s, soak requires 10m',
    ]);
    expect(worded(await checkHealth({ client, namespace: 'staging', workloads, soakMs, now: new Date('2025-06-03T12:10:00Z') }))).toEqual([]);
  });

  it('reports a rollout in progress and clears once it completes', async () => {
    const original = await live('Deployment', 'payments-service');
    const rolling = structuredClone(original);
    rolling.metadata.generation = 13;
    rolling.status = {
      observedGeneration: 12,
      replicas: 3,
      updatedReplicas: 1,
      readyReplicas: 2,
      availableReplicas: 2,
      conditions: [
        { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastTransitionTime: '2025-06-03T12:05:00Z' },
        { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "payments-service-6f" has timed out progressing.' },
      ],
    };
    cluster.api.upsert(rolling);
    const statefulSet = await live('StatefulSet', 'payments-ledger');
    statefulSet.status.updateRevision = 'payments-ledger-7c8d9e0f1';
    statefulSet.status.updatedReplicas = 1;
    cluster.api.upsert(statefulSet);

    const now = new Date('2025-06-03T13:00:00Z');
    expect(worded(await checkHealth({ client, namespace: 'staging', workloads, soakMs, now }))).toEqual([
      'Deployment payments-service: the controller has not observed generation 13 yet (observed 12)',
      'Deployment payments-service: 1 of 2 replicas updated',
      'Deployment payments-service: 1 old replicas still running (3 total, 2 desired)',
      'Deployment payments-service: rollout stuck: ReplicaSet "payments-service-6f" has timed out progressing.',
      'Deployment payments-service: not Available (MinimumReplicasUnavailable: Deployment does not have minimum availability.)',
      'StatefulSet payments-ledger: 1 of 3 replicas updated',
      'StatefulSet payments-ledger: rollout in progress (current revision payments-ledger-6b7c9d8f5, update revision payments-ledger-7c8d9e0f1)',
    ]);

    const done = structuredClone(rolling);
    done.status = {
      observedGeneration: 13,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', lastTransitionTime: '2025-06-03T12:40:00Z' }],
    };
    cluster.api.upsert(done);
    statefulSet.status.currentRevision = 'payments-ledger-7c8d9e0f1';
    statefulSet.status.updatedReplicas = 3;
    cluster.api.upsert(statefulSet);
    expect(worded(await checkHealth({ client, namespace: 'staging', workloads, soakMs, now }))).toEqual([]);
    cluster.api.upsert(original);
  });

  it('names a workload that is not there', async () => {
    const reasons = await checkHealth({ client, namespace: 'staging', workloads: [{ kind: 'Deployment', name: 'ghost' }], soakMs, now: twoMinutesLater });
    expect(worded(reasons)).toEqual(['Deployment ghost: not found in namespace staging (context staging)']);
  });
});

describe('durations', () => {
  it('parses and formats', () => {
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(() => parseDuration('10 minutes')).toThrow(ConfigError);
    expect(() => parseDuration('')).toThrow(ConfigError);
    expect(formatDuration(130_000)).toBe('2m10s');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(0)).toBe('0s');
  });
});
