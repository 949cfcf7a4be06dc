/**
 * diff: two matched resources → field-level differences with canonical paths.
 *
 * Lists are keyed first (see key-lists.ts), then deep-diff compares the keyed objects. Scalars
 * that are equivalent — identical modulo each side's env tokens, the same quantity at a
 * quantity path (`100m` / `0.1`), the same port as int or string — are no difference.
 * A subtree present on one side only is one difference at its root, holding the whole value
 * as written. Differences carry the original values, never canonical forms.
 */
import deepDiff from 'deep-diff';
import { fieldValuesEquivalent, type EnvTokenPair } from '../normalize/equivalence.js';
import type { Difference, K8sObject } from '../types.js';
import { keyForDiff, originalOf, type Originals } from './key-lists.js';
import { formatPath } from './path.js';

export interface DiffContext {
  tokens: EnvTokenPair;
}

type Change = deepDiff.Diff<unknown, unknown>;

/** Differences from `left` to `right` (`added` = only on the right), sorted by path. */
export function diffResources(left: K8sObject, right: K8sObject, context: DiffContext): Difference[] {
  const keyed = keyForDiff(left, right, context.tokens);
  const changes = deepDiff.diff<unknown, unknown>(keyed.left, keyed.right, {
    normalize: (path, key, lhs, rhs) => equateEquivalent([...path, key].map(String), lhs, rhs, context.tokens),
  });
  const differences = (changes ?? []).map((change) => toDifference(change, [], keyed.originals));
  return differences.sort((a, b) => compareSegments(a.segments, b.segments));
}

/** Makes deep-diff see two equivalent scalars as equal. */
function equateEquivalent(segments: string[], lhs: unknown, rhs: unknown, tokens: EnvTokenPair): [unknown, unknown] | undefined {
  if (!isScalar(lhs) || !isScalar(rhs) || lhs === rhs) return undefined;
  return fieldValuesEquivalent(segments, lhs, rhs, tokens) ? [lhs, lhs] : undefined;
}

function isScalar(value: unknown): boolean {
  return value !== undefined && (value === null || typeof value !== 'object');
}

/** Segment by segment; index segments in numeric order (`[2]` before `[10]`). */
function compareSegments(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const order = compareSegment(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareSegment(a: string, b: string): number {
  const index = /^\[(\d+)\]$/;
  const [ia, ib] = [index.exec(a), index.exec(b)];
  if (ia && ib) return Number(ia[1]) - Number(ib[1]);
  return a < b ? -1 : a > b ? 1 : 0;
}

function toDifference(change: Change, prefix: string[], originals: Originals): Difference {
  const segments = [...prefix, ...(change.path ?? []).map(String)];
  switch (change.kind) {
    case 'N':
      return { path: formatPath(segments), segments, change: 'added', right: originalOf(change.rhs, originals) };
    case 'D':
      return { path: formatPath(segments), segments, change: 'removed', left: originalOf(change.lhs, originals) };
    case 'E':
      return {
        path: formatPath(segments),
        segments,
        change: 'changed',
        left: originalOf(change.lhs, originals),
        right: originalOf(change.rhs, originals),
      };
    case 'A':
      // Lists are keyed into maps before the diff; kept for completeness.
      return toDifference(change.item, [...segments, `[${change.index}]`], originals);
  }
}
