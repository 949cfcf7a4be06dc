/** Argo CD Applications as parity reads them: plain data, with where each was declared. */
import type { K8sObject } from '../types.js';

export interface ApplicationSource {
  repoURL?: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
  /** Multiple sources: the name other sources' `$<ref>/…` value files refer to. */
  ref?: string;
  /** `source.helm`, as written. */
  helm?: Record<string, unknown>;
  [key: string]: unknown;
}

/** One entry of `spec.sources` (or `spec.source` alone), with the lines of its fields. */
export interface SourceEntry {
  source: ApplicationSource;
  /** Where it is in the Application: `spec.source` or `spec.sources[i]`. */
  path: string;
  /** Line of the source itself (key `''`) and of its fields by dotted path (`helm.valueFiles.0`), when known. */
  lines: Record<string, number>;
}

export interface Application {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  project?: string;
  /** `spec.source`, or the first of `spec.sources` that has a path (else the first). */
  source: ApplicationSource;
  /** Every source: `spec.source` alone, or each of `spec.sources` in order. */
  sources?: SourceEntry[];
  destination: { server?: string; name?: string; namespace?: string };
  syncPolicy: Record<string, unknown> | null;
  /** Repo-relative file the Application (or its ApplicationSet) is declared in. */
  file: string;
  /** Line of the document in `file`. */
  line?: number;
  /** Lines of audited fields by canonical path (`spec.syncPolicy.automated.selfHeal`), when known. */
  lines: Record<string, number>;
  /** The ApplicationSet that generated it, if any. */
  generatedBy?: string;
  /** The full manifest (for an ApplicationSet: the expanded template). */
  manifest: K8sObject;
}

/** Canonical paths whose declaration lines `readApplications` records. */
export const AUDITED_PATHS: string[][] = [
  ['spec', 'source', 'repoURL'],
  ['spec', 'source', 'path'],
  ['spec', 'source', 'chart'],
  ['spec', 'source', 'targetRevision'],
  ['spec', 'syncPolicy', 'automated'],
  ['spec', 'syncPolicy', 'automated', 'prune'],
  ['spec', 'syncPolicy', 'automated', 'selfHeal'],
  ['spec', 'syncPolicy', 'automated', 'allowEmpty'],
  ['spec', 'syncPolicy', 'retry'],
  ['spec', 'syncPolicy', 'syncOptions'],
];
