import { relative } from 'node:path';
import type { K8sObject, ResourceOrigin } from '../types.js';
import { chartFileOf } from './source-comments.js';

/**
 * The origin of one object of a `helm template` render: the template file its `# Source:`
 * comment names (repo-relative, forward slashes) and its name as the chart writes it, with the
 * release name taken off. `{{ .Release.Name }}-app` renders `shop-staging-app` in one
 * environment and `shop-production-app` in another: both are `app`, the Helm analogue of a
 * Kustomize `namePrefix`. An object named after the release alone (a `fullname` that is the
 * release name) is named after its chart.
 */
export function helmOrigin(object: K8sObject, source: string | null, chart: { name: string; dir: string }, context: { releaseName: string; repoDir: string }): ResourceOrigin {
  const file = source === null ? undefined : repoRelative(chartFileOf(source, chart.dir), context.repoDir);
  return {
    sourceName: withoutRelease(object.metadata.name, context.releaseName, chart.name),
    affixes: [],
    ...(file ? { file } : {}),
    transformedIn: [],
    patchedIn: [],
  };
}

function withoutRelease(name: string, releaseName: string, chartName: string): string {
  if (name === releaseName) return chartName;
  return name.startsWith(`${releaseName}-`) && name.length > releaseName.length + 1 ? name.slice(releaseName.length + 1) : name;
}

function repoRelative(path: string, repoDir: string): string {
  const rel = relative(repoDir, path);
  return rel.startsWith('..') ? path : rel.split('\\').join('/');
}
