/**
 * Who last set a field of a live object, from `metadata.managedFields` (server-side apply's
 * FieldsV1 sets: `f:<field>` for map keys, `k:{"name":"app"}` for keyed list items, `v:<json>`
 * for set items, `.` for the item itself). Pure.
 */
import { isPlainObject } from '../util/is-plain-object.js';
import type { K8sObject } from '../types.js';

export interface FieldOwner {
  manager: string;
  /** `Apply` or `Update`. */
  operation: string;
  /** RFC 3339 time of the manager's last change, or null when the entry has none. */
  time: string | null;
  /** False when no entry owns the whole path and the owner is that of its deepest owned parent. */
  exact: boolean;
}

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
}

/**
 * The managedFields entry owning the deepest part of `segments` (canonical path segments such
 * as `spec`, `[name=app]`, `image`); the latest entry wins among equally deep ones.
 */
export function attributeField(live: K8sObject, segments: readonly string[]): FieldOwner | null {
  const entries = (live.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  let best: { entry: ManagedFieldsEntry; depth: number } | null = null;
  for (const entry of entries) {
    const depth = entry.fieldsType === undefined || entry.fieldsType === 'FieldsV1' ? ownedDepth(entry.fieldsV1, segments) : 0;
    if (depth > 0 && outranks({ entry, depth }, best)) best = { entry, depth };
  }
  if (!best) return null;
  return {
    manager: best.entry.manager ?? 'unknown',
    operation: best.entry.operation ?? 'unknown',
    time: best.entry.time ?? null,
    exact: best.depth === segments.length,
  };
}

/** Whether one of `managers` owns the field at `segments` (or the whole of it, for a list item). */
export function ownedByManagers(live: K8sObject, segments: readonly string[], managers: readonly string[]): boolean {
  const entries = (live.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  return entries.some(
    (entry) =>
      managers.includes(entry.manager ?? '') &&
      (entry.fieldsType === undefined || entry.fieldsType === 'FieldsV1') &&
      ownedDepth(entry.fieldsV1, segments) === segments.length,
  );
}

type Ranked = { entry: ManagedFieldsEntry; depth: number };

/** Deeper ownership wins; among equals, the later change. */
function outranks(candidate: Ranked, best: Ranked | null): boolean {
  if (!best || candidate.depth > best.depth) return true;
  return candidate.depth === best.depth && later(candidate.entry.time, best.entry.time);
}

function later(a: string | undefined, b: string | undefined): boolean {
  return Date.parse(a ?? '') > Date.parse(b ?? '') || (b === undefined && a !== undefined);
}

/** How many leading segments the FieldsV1 set reaches. */
function ownedDepth(fields: unknown, segments: readonly string[]): number {
  let node = fields;
  let depth = 0;
  for (const segment of segments) {
    const child = isPlainObject(node) ? childFor(node, segment) : undefined;
    if (child === undefined) break;
    node = child;
    depth += 1;
  }
  return depth;
}

function childFor(node: Record<string, unknown>, segment: string): unknown {
  if (!segment.startsWith('[')) return node[`f:${segment}`];
  const wanted = parseItemSegment(segment);
  if (!wanted) return undefined;
  for (const [key, child] of Object.entries(node)) {
    if (key.startsWith('k:') && itemMatches(parseJson(key.slice(2)), wanted)) return child;
  }
  return undefined;
}

function itemMatches(key: unknown, wanted: Record<string, string>): boolean {
  if (!isPlainObject(key)) return false;
  for (const [field, value] of Object.entries(key)) {
    if (field in wanted) {
      if (String(value) !== wanted[field]) return false;
    } else if (!(field === 'protocol' && value === 'TCP')) {
      // the canonical path leaves out the default protocol; anything else must be named
      return false;
    }
  }
  return Object.keys(wanted).every((field) => field in key);
}

/** `[name=app]`, `[containerPort=53,protocol=UDP]`, `[name="a b"]` → fields; `[2]` → null. */
function parseItemSegment(segment: string): Record<string, string> | null {
  const body = segment.slice(1, -1);
  const parts = body.match(/([^=,]+)=("(?:[^"\\]|\\.)*"|[^,]*)/g);
  if (!parts) return null;
  const out: Record<string, string> = {};
  for (const part of parts) {
    const eq = part.indexOf('=');
    const raw = part.slice(eq + 1);
    out[part.slice(0, eq)] = raw.startsWith('"') ? (parseJson(raw) as string) : raw;
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // SyntaxError: the field is not JSON, so it says nothing about managers.
    return undefined;
  }
}
