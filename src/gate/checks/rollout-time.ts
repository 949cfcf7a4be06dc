import { runGit } from '../../git/run-git.js';
import type { KubeClient } from '../../live/kube.js';

/** When the source environment's current rollout started, and how parity found out. */
export interface Rollout {
  at: Date;
  /** `replicaset`: the Deployment's current ReplicaSet was created then; `git`: the commit that last changed the tag. */
  from: 'replicaset' | 'git';
  /** The ReplicaSet's name, or the commit SHA. */
  ref: string;
}

/** Lines of a kustomization `images:` entry that move the image. */
const TAG_LINE = '^[[:space:]-]*(newTag|digest|newName)[[:space:]]*:';

/** The commit that last changed an image line of `file` (repo-relative), at its committer time; null when none did. */
export async function rolloutFromGit(repoDir: string, file: string): Promise<Rollout | null> {
  const log = await runGit(repoDir, ['log', '-1', '--format=%H %ct', `-G${TAG_LINE}`, '--', file]);
  const [sha, seconds] = log.stdout.trim().split(' ');
  if (!sha || !seconds) return null;
  return { at: new Date(Number(seconds) * 1000), from: 'git', ref: sha };
}

const REVISION = 'deployment.kubernetes.io/revision';

/** The creation time of the Deployment's current ReplicaSet (the one of its revision); null when the cluster holds none. */
export async function rolloutFromCluster(client: KubeClient, namespace: string, deployment: string): Promise<Rollout | null> {
  const live = await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment, namespace });
  if (!live) return null;
  const revision = live.metadata.annotations?.[REVISION];
  const selector = ((live.spec ?? {}) as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels ?? {};
  const labelSelector = Object.entries(selector).map(([key, value]) => `${key}=${value}`).join(',');
  const sets = await client.list('apps/v1', 'ReplicaSet', namespace, labelSelector || undefined);
  const current = sets.find(
    (set) => set.metadata.annotations?.[REVISION] === revision && (set.metadata.ownerReferences as Array<{ uid?: string }> | undefined)?.some((owner) => owner.uid === live.metadata.uid),
  );
  const created = current?.metadata.creationTimestamp;
  if (!current || typeof created !== 'string') return null;
  return { at: new Date(created), from: 'replicaset', ref: current.metadata.name };
}
