import type { Finding } from '../types.js';
import { byImportance } from './importance.js';

/** GitHub shows at most this many error, and this many warning, annotations per step. */
const ANNOTATIONS_PER_LEVEL = 10;

/** One workflow command, with the finding it reports (null for a result error). */
export interface Annotation {
  finding: Finding | null;
  text: string;
}

export interface CappedAnnotations {
  /** Errors first (result errors, then blocking findings by importance), then warnings. */
  shown: Annotation[];
  hiddenErrors: number;
  hiddenWarnings: number;
}

/**
 * The ten most important annotations of each level. Importance: result errors first (a run that
 * could not render fails closed), then findings by code importance (importance.ts: MTLS_MISMATCH,
 * MTLS_REQUIRED, CROSS_ENV_REFERENCE, SECRET_DRIFT, IMAGE_MISMATCH, WAIVER_EXPIRED, …, VALUE_DRIFT;
 * SECRET_REUSED before ALLOW_STALE), ties in report order. The chosen ones are emitted in report
 * order (service, pair, code), like an uncapped run.
 */
export function capAnnotations(errors: Annotation[], warnings: Annotation[]): CappedAnnotations {
  const shownErrors = inGivenOrder(errors, mostImportant(errors).slice(0, ANNOTATIONS_PER_LEVEL));
  const shownWarnings = inGivenOrder(warnings, mostImportant(warnings).slice(0, ANNOTATIONS_PER_LEVEL));
  return {
    shown: [...shownErrors, ...shownWarnings],
    hiddenErrors: errors.length - shownErrors.length,
    hiddenWarnings: warnings.length - shownWarnings.length,
  };
}

function mostImportant(annotations: Annotation[]): Annotation[] {
  const plain = annotations.filter((annotation) => annotation.finding === null);
  const byFinding = new Map(annotations.flatMap((annotation) => (annotation.finding ? [[annotation.finding, annotation] as const] : [])));
  const ranked = byImportance([...byFinding.keys()]).map((finding) => byFinding.get(finding)!);
  return [...plain, ...ranked];
}

function inGivenOrder(all: Annotation[], chosen: Annotation[]): Annotation[] {
  const keep = new Set(chosen);
  return all.filter((annotation) => keep.has(annotation));
}
