/**
 * Desired (rendered) object vs the live object: only the fields the desired state sets are
 * compared (what the server defaults or writes is not drift), plus items of keyed lists that
 * only the live object holds (a container or env var added by hand). Pure.
 */
import { formatPath } from '../diff/path.js';
import { listItemSegments } from '../match/list-keys.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { isQuantityPath, quantitiesEqual } from '../normalize/quantity.js';
import { stripServerFields } from '../normalize/server-fields.js';
import { redactValueAt } from '../rules/redact.js';
import type { K8sObject } from '../types.js';

export interface LiveDifference {
  /** Canonical path, e.g. `spec.template.spec.containers[name=app].image`. */
  path: string;
  segments: string[];
  /** `changed`: both hold a value; `missing`: the repo sets it, the cluster lacks it; `extra`: a keyed list item (or Secret key) only the cluster holds. */
  change: 'changed' | 'missing' | 'extra';
  /** Secret and credential values are `<redacted>` here. */
  desired?: unknown;
  live?: unknown;
}

export function compareLive(desired: K8sObject, live: K8sObject): LiveDifference[] {
  const want = structuredClone(desired);
  stripServerFields(want);
  const out: LiveDifference[] = [];
  const push = (segments: string[], change: LiveDifference['change'], d: unknown, l: unknown) => {
    out.push({
      path: formatPath(segments),
      segments,
      change,
      ...(d !== undefined ? { desired: redactValueAt(desired.kind, segments, d) } : {}),
      ...(l !== undefined ? { live: redactValueAt(desired.kind, segments, l) } : {}),
    });
  };
  if (desired.kind === 'Secret') compareSecretData(want, live, push);
  compareValue(want, live, [], push);
  return out;
}

type Push = (segments: string[], change: LiveDifference['change'], desired: unknown, live: unknown) => void;

function compareValue(desired: unknown, live: unknown, segments: string[], push: Push): void {
  if (desired === null || desired === undefined) return;
  if (isPlainObject(desired)) return compareMap(desired, live, segments, push);
  if (Array.isArray(desired)) return compareList(desired, live, segments, push);
  if (live === undefined || live === null) return push(segments, 'missing', desired, undefined);
  if (!scalarsEqual(desired, live, segments)) push(segments, 'changed', desired, live);
}

function compareMap(desired: Record<string, unknown>, live: unknown, segments: string[], push: Push): void {
  if (!isPlainObject(live)) {
    if (isEmpty(desired) && (live === undefined || live === null)) return;
    return push(segments, live === undefined || live === null ? 'missing' : 'changed', desired, live ?? undefined);
  }
  for (const [key, value] of Object.entries(desired)) compareValue(value, live[key], [...segments, key], push);
}

function compareList(desired: unknown[], live: unknown, segments: string[], push: Push): void {
  if (!Array.isArray(live)) {
    if (desired.length === 0 && (live === undefined || live === null)) return;
    return push(segments, live === undefined || live === null ? 'missing' : 'changed', desired, live ?? undefined);
  }
  if (desired.some((item) => isPlainObject(item) || Array.isArray(item))) return compareItems(desired, live, segments, push);
  const same = desired.length === live.length && desired.every((item, i) => scalarsEqual(item, live[i], segments));
  if (!same) push(segments, 'changed', desired, live);
}

/** Items matched by merge key (or index): desired items compared, live-only items reported as extra. */
function compareItems(desired: unknown[], live: unknown[], segments: string[], push: Push): void {
  const field = [...segments].reverse().find((s) => !s.startsWith('[')) ?? '';
  const keys = matchKeys(field, desired, live);
  const desiredKeys = keys?.desired ?? desired.map((_, i) => `[${i}]`);
  const liveKeys = keys?.live ?? live.map((_, i) => `[${i}]`);
  desiredKeys.forEach((key, i) => {
    const j = liveKeys.indexOf(key);
    if (j < 0) push([...segments, key], 'missing', desired[i], undefined);
    else compareValue(desired[i], live[j], [...segments, key], push);
  });
  liveKeys.forEach((key, j) => {
    if (!desiredKeys.includes(key)) push([...segments, key], 'extra', undefined, live[j]);
  });
}

/** Item segments of both lists when both are keyed by the same field(s), else null (compare by index). */
function matchKeys(field: string, desired: unknown[], live: unknown[]): { desired: string[]; live: string[] } | null {
  const d = listItemSegments(field, desired);
  if (!d) return null;
  if (live.length === 0) return { desired: d, live: [] };
  const l = listItemSegments(field, live);
  return l && keyField(l[0]!) === keyField(d[0]!) ? { desired: d, live: l } : null;
}

function keyField(segment: string): string {
  return segment.slice(1, segment.indexOf('='));
}

function scalarsEqual(desired: unknown, live: unknown, segments: string[]): boolean {
  if (desired === live) return true;
  if (isQuantityPath(segments) && quantitiesEqual(desired, live)) return true;
  // int-or-string fields (ports, targetPort, maxSurge) and numbers rendered as strings
  const numeric = typeof desired === 'number' || typeof live === 'number';
  return numeric && (typeof desired === 'string' || typeof live === 'string') && String(desired) === String(live);
}

function isEmpty(value: Record<string, unknown>): boolean {
  return Object.keys(value).length === 0;
}

/**
 * The API server stores `stringData` into `data` (base64): compare the desired Secret's
 * effective `data` with the live one key by key, extra live keys included. Values are never
 * shown (redacted by `push`). Leaves `desired` without data/stringData for the generic walk.
 */
function compareSecretData(desired: K8sObject, live: K8sObject, push: Push): void {
  const want = effectiveSecretData(desired);
  const have = isPlainObject(live.data) ? live.data : {};
  delete desired.data;
  delete desired.stringData;
  for (const [key, value] of Object.entries(want)) {
    const liveValue = have[key];
    if (liveValue === undefined) push(['data', key], 'missing', value, undefined);
    else if (canonicalBase64(liveValue) !== value) push(['data', key], 'changed', value, liveValue);
  }
  for (const key of Object.keys(have)) {
    if (!(key in want)) push(['data', key], 'extra', undefined, have[key]);
  }
}

function effectiveSecretData(secret: K8sObject): Record<string, string> {
  const data: Record<string, string> = {};
  if (isPlainObject(secret.data)) for (const [k, v] of Object.entries(secret.data)) data[k] = canonicalBase64(v);
  if (isPlainObject(secret.stringData)) {
    for (const [k, v] of Object.entries(secret.stringData)) data[k] = Buffer.from(String(v ?? ''), 'utf8').toString('base64');
  }
  return data;
}

function canonicalBase64(value: unknown): string {
  return Buffer.from(String(value ?? ''), 'base64').toString('base64');
}
