import type { K8sObject } from '../types.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { isCredentialKey } from './credential-key.js';
import { scrubDeep } from './scrub-deep.js';
import { isReferenceOnly, maskShapes, REDACTED, scrubString } from './shapes.js';

export { isCredentialKey } from './credential-key.js';
export { REDACTED, scrubString, stripUrlCredentials } from './shapes.js';

const SECRET_DATA_FIELDS = new Set(['data', 'stringData']);
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** `--db-pass` / `-p`-less long flags whose next list item is the value. */
const BARE_FLAG = /^--?([A-Za-z][\w.-]*)$/;
/** The next item is another flag, not the value: `--token --verbose`. */
const LOOKS_LIKE_FLAG = /^--?[A-Za-z][\w.-]*(?:=.*)?$/;

/**
 * A deep copy of `object` safe to show: Secret `data`/`stringData` values, values of
 * credential-named keys and env vars, the item after a credential flag in an args list,
 * private keys and every credential shape inside strings become `<redacted>`. The original
 * values hidden are pushed to `hidden` when given.
 */
export function redactObject(object: K8sObject, hidden: string[] = []): K8sObject {
  return redactNode(object.kind, [], object, hidden) as K8sObject;
}

/**
 * Redacts `value`, which sits at `segments` inside an object of `kind`, for a finding: besides
 * what its place and shape say, every secret value this run has read is masked too (the item
 * after `--db-pass` in an args list, seen alone at `args[2]`, is known from the render).
 */
export function redactValueAt(kind: string, segments: readonly string[], value: unknown): unknown {
  return scrubDeep(redactNode(kind, segments, value, []));
}

function redactNode(kind: string, segments: readonly string[], value: unknown, hidden: string[]): unknown {
  if (isSecretData(kind, segments) || (isCredentialPath(segments) && !isContainer(value))) return redactAll(value, hidden);
  if (Array.isArray(value)) return redactList(kind, segments, value, hidden);
  if (isPlainObject(value)) {
    const copy = redactChildren(kind, segments, value, hidden);
    return kind === 'Secret' && segments.length === 0 ? redactSecretFields(copy, value, hidden) : copy;
  }
  return typeof value === 'string' ? scrubCollecting(value, hidden) : value;
}

function scrubCollecting(value: string, hidden: string[]): string {
  const out = scrubString(value);
  if (out === REDACTED && value !== REDACTED) hidden.push(value);
  else maskShapes(value, hidden);
  return out;
}

function isSecretData(kind: string, segments: readonly string[]): boolean {
  const [field] = segments;
  return kind === 'Secret' && field !== undefined && SECRET_DATA_FIELDS.has(field);
}

/** A whole Secret: its `data`/`stringData` are redacted wholesale. */
function redactSecretFields(copy: Record<string, unknown>, original: Record<string, unknown>, hidden: string[]): Record<string, unknown> {
  for (const field of SECRET_DATA_FIELDS) if (field in copy) copy[field] = redactAll(original[field], hidden);
  return copy;
}

function isContainer(value: unknown): boolean {
  return isPlainObject(value) || Array.isArray(value);
}

/** Whether a value at these segments is a credential: `…[name=DB_PASSWORD].value`, `….password`. */
export function isCredentialPath(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1];
  if (last === undefined) return false;
  if (last === 'value') return isCredentialItem(segments[segments.length - 2]);
  if (last === LAST_APPLIED) return true;
  return !last.startsWith('[') && isCredentialKey(last);
}

function isCredentialItem(segment: string | undefined): boolean {
  const match = segment ? /^\[name=("?)(.*)\1\]$/.exec(segment) : null;
  return match !== null && isCredentialKey(match[2]!);
}

function redactChildren(kind: string, segments: readonly string[], value: Record<string, unknown>, hidden: string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] = isCredentialValue(key, child) ? redactAll(child, hidden) : redactNode(kind, [...segments, key], child, hidden);
  }
  return copy;
}

/** Items of a list; the item after a bare credential flag (`--db-pass`, `VALUE`) is a value. */
function redactList(kind: string, segments: readonly string[], list: unknown[], hidden: string[]): unknown[] {
  return list.map((item, index) => {
    const before = index > 0 ? list[index - 1] : undefined;
    if (typeof item === 'string' && typeof before === 'string' && isCredentialFlag(before) && !LOOKS_LIKE_FLAG.test(item)) {
      return redactAll(item, hidden);
    }
    return redactListItem(kind, segments, item, hidden);
  });
}

function isCredentialFlag(item: string): boolean {
  const match = BARE_FLAG.exec(item);
  return match !== null && isCredentialKey(match[1]!);
}

/** A list item `{name: DB_PASSWORD, value: …}` hides its value; other items redact as objects. */
function redactListItem(kind: string, segments: readonly string[], item: unknown, hidden: string[]): unknown {
  if (!isPlainObject(item)) return redactNode(kind, [...segments, '[*]'], item, hidden);
  const copy = redactChildren(kind, [...segments, '[*]'], item, hidden);
  if (typeof item.name === 'string' && isCredentialKey(item.name) && 'value' in item) copy.value = redactAll(item.value, hidden);
  return copy;
}

function isCredentialValue(key: string, value: unknown): boolean {
  return (key === LAST_APPLIED || isCredentialKey(key)) && !isContainer(value);
}

/** Every leaf becomes `<redacted>`; keys stay (key names are not secret). */
function redactAll(value: unknown, hidden: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => redactAll(item, hidden));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactAll(v, hidden)]));
  // A boolean says whether, never what: `automountServiceAccountToken: false` stays readable.
  if (value === undefined || value === null || typeof value === 'boolean') return value;
  if (value !== REDACTED && !(typeof value === 'string' && isReferenceOnly(value))) hidden.push(String(value));
  return REDACTED;
}
