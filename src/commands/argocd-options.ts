import type { Command } from 'commander';
import type { Cluster } from '../argocd/clusters.js';

export interface ClusterFlags {
  clusters?: string;
  cluster?: string[];
}

/** `--clusters FILE` and `--cluster name=server[,label=value...]`: what ApplicationSets' clusters generators see. */
export function addClusterOptions(command: Command): Command {
  return command
    .option('--clusters <file>', 'clusters an ApplicationSet clusters generator sees: a YAML list of {name, server, labels}')
    .option('--cluster <name=server,label=value>', 'a cluster an ApplicationSet clusters generator sees: name=server[,label=value...] (repeatable)', repeat);
}

/** The clusters given, or `{}` when none were (relative files from the working directory). */
export async function clustersOf(flags: ClusterFlags): Promise<{ clusters?: Cluster[] }> {
  if (flags.clusters === undefined && !flags.cluster?.length) return {};
  const { loadClusters } = await import('../argocd/clusters.js');
  const clusters = await loadClusters(flags.clusters, flags.cluster ?? []);
  return clusters ? { clusters } : {};
}

/** Repeatable without splitting on commas: a cluster's labels are comma-separated. */
function repeat(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
