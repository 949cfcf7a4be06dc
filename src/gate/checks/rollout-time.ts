import { LiveError } from '../../errors.js';
import { runGit } from '../../git/run-git.js';
import type { KubeClient } from '../../live/kube.js';

/** When the source environment's current rollout started, and how parity found out. */
export interface Rollout {
  at: Date;
  /** `replicaset`: the Deployment's current ReplicaSet was created then; `git`: the commit that last changed the tag. */
  from: 'replicaset' | 'git';
  /** The ReplicaSet's name, or the commit SHA. */
  ref: string;
  /** With `git` after a cluster was named: why the cluster could not tell. */
  note?: string;
}

export interface RolloutLookup {
  /** The source environment's cluster, or null when none is named. */
  client: KubeClient | null;
  namespace: string;
  /** The Deployment the source overlay renders, or null when it renders none. */
  deployment: string | null;
  repoDir: string;
  /** Repo-relative kustomization that sets the source tag. */
  tagFile: string;
}

/**
 * The Deployment's current ReplicaSet when a cluster is named and can tell; else (no cluster,
 * no Deployment there, the cluster unreachable or refusing) the commit that last moved the
 * source tag, with a note saying why the cluster was not used. Null when neither can tell.
 */
export async function findRollout(lookup: RolloutLookup): Promise<Rollout | null> {
  const note = lookup.client ? await askCluster(lookup, lookup.client) : undefined;
  if (note && typeof note !== 'string') return note;
  const fromGit = await rolloutFromGit(lookup.repoDir, lookup.tagFile);
  return fromGit && (note ? { ...fromGit, note } : fromGit);
}

/** The rollout from the cluster, or why it could not tell. */
async function askCluster(lookup: RolloutLookup, client: KubeClient): Promise<Rollout | string> {
  if (!lookup.deployment) return 'the source renders no Deployment';
  try {
    const found = await rolloutFromCluster(client, lookup.namespace, lookup.deployment);
    return found ?? `context ${client.context} holds no current ReplicaSet of Deployment ${lookup.namespace}/${lookup.deployment}`;
  } catch (error) {
    if (error instanceof LiveError) return `the cluster could not tell: ${error.message}`;
    throw error;
  }
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
