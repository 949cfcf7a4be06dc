import type { PreparedOverlay } from './render-overlays.js';

export interface BatchCandidate {
  prepared: PreparedOverlay;
  /** Predicted resource ids (see predictIds). */
  ids: Set<string>;
}

/**
 * Whether an overlay can share a Kustomize process with others and render exactly as alone.
 * Kustomize honours `sortOptions` and `buildMetadata` only at the root, Helm charts need a
 * flag, a Component cannot be included as a resource, and the objects of a remote base
 * (`--allow-remote`) cannot be predicted before it is fetched: those overlays render alone.
 */
export function isBatchable(prepared: PreparedOverlay): boolean {
  const root = prepared.walk.root;
  if (!root) return false;
  const data = root.kustomization.data;
  if (data.sortOptions !== undefined || data.buildMetadata !== undefined || data.kind === 'Component') return false;
  if (prepared.walk.remotes.length > 0) return false;
  return prepared.walk.nodes.every((node) => node.kustomization.data.helmCharts === undefined);
}

/**
 * Packs overlays into batches of at most `maxSize` whose predicted ids are disjoint (Kustomize
 * refuses two resources with one id), first fit in input order. Deterministic.
 */
export function groupBatches(candidates: BatchCandidate[], maxSize: number): PreparedOverlay[][] {
  const batches: Array<{ members: PreparedOverlay[]; ids: Set<string> }> = [];
  for (const candidate of candidates) {
    const batch = batches.find((open) => open.members.length < maxSize && disjoint(open.ids, candidate.ids));
    if (batch) {
      batch.members.push(candidate.prepared);
      for (const id of candidate.ids) batch.ids.add(id);
    } else {
      batches.push({ members: [candidate.prepared], ids: new Set(candidate.ids) });
    }
  }
  return batches.map((batch) => batch.members);
}

function disjoint(a: Set<string>, b: Set<string>): boolean {
  for (const id of b) if (a.has(id)) return false;
  return true;
}

/** Batch size that keeps every worker busy: at least 1, at most `cap`. */
export function batchSizeFor(count: number, workers: number, cap: number): number {
  return Math.max(1, Math.min(cap, Math.ceil(count / Math.max(1, workers))));
}
