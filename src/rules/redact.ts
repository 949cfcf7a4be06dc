import type { K8sObject } from '../types.js';
import { isPlainObject } from '../match/list-keys.js';
import { isCredentialKey } from './credential-key.js';

export { isCredentialKey } from './credential-key.js';

export const REDACTED = '<redacted>';

const SECRET_DATA_FIELDS = new Set(['data', 'stringData']);
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/gi;
const QUERY_PARAM = /([?&;])([^=&#\s]+)=([^&#\s]*)/g;
const EMBEDDED_ASSIGNMENT = /^(\s*["']?)([\w.-]+)(["']?\s*[:=]\s*)(\S.*)$/;

/**
 * A deep copy of `object` safe to show: Secret `data`/`stringData` values, values of
 * credential-named keys and env vars, private keys and URL passwords become `<redacted>`.
 */
export function redactObject(object: K8sObject): K8sObject {
  return redactValueAt(object.kind, [], object) as K8sObject;
}

/** Redacts `value`, which sits at `segments` inside an object of `kind`. */
export function redactValueAt(kind: string, segments: readonly string[], value: unknown): unknown {
  if (isSecretData(kind, segments) || (isCredentialPath(segments) && !isContainer(value))) return redactAll(value);
  if (Array.isArray(value)) return value.map((item) => redactListItem(kind, segments, item));
  if (isPlainObject(value)) return redactSecretFields(kind, segments, redactChildren(kind, segments, value));
  return typeof value === 'string' ? scrubString(value) : value;
}

function isSecretData(kind: string, segments: readonly string[]): boolean {
  return kind === 'Secret' && segments.length > 0 && SECRET_DATA_FIELDS.has(segments[0]!);
}

/** A whole Secret: its `data`/`stringData` are redacted wholesale. */
function redactSecretFields(kind: string, segments: readonly string[], copy: Record<string, unknown>): Record<string, unknown> {
  if (kind !== 'Secret' || segments.length > 0) return copy;
  for (const field of SECRET_DATA_FIELDS) if (field in copy) copy[field] = redactAll(copy[field]);
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

/**
 * Hides what a plain string may carry: private keys, URL passwords, credential query parameters
 * (`?api_key=…`), `password=…` lines of embedded files.
 */
export function scrubString(value: string): string {
  if (PRIVATE_KEY_PEM.test(value)) return REDACTED;
  const masked = value
    .replace(URL_PASSWORD, `$1:${REDACTED}@`)
    .replace(QUERY_PARAM, (all, sep: string, key: string) => (isCredentialKey(key) ? `${sep}${key}=${REDACTED}` : all));
  if (!masked.includes('\n')) return masked;
  return masked
    .split('\n')
    .map((line) => {
      const match = EMBEDDED_ASSIGNMENT.exec(line);
      return match && isCredentialKey(match[2]!) ? `${match[1]}${match[2]}${match[3]}${REDACTED}` : line;
    })
    .join('\n');
}

/** Removes `user:password@` from URLs, for values shown as addresses. */
export function stripUrlCredentials(value: string): string {
  return value.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1');
}

function isCredentialItem(segment: string | undefined): boolean {
  const match = segment ? /^\[name=("?)(.*)\1\]$/.exec(segment) : null;
  return match !== null && isCredentialKey(match[2]!);
}

function redactChildren(kind: string, segments: readonly string[], value: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] = isCredentialValue(key, child) ? redactAll(child) : redactValueAt(kind, [...segments, key], child);
  }
  return copy;
}

/** A list item `{name: DB_PASSWORD, value: …}` hides its value; other items redact as objects. */
function redactListItem(kind: string, segments: readonly string[], item: unknown): unknown {
  if (!isPlainObject(item)) return redactValueAt(kind, [...segments, '[*]'], item);
  const copy = redactChildren(kind, [...segments, '[*]'], item);
  if (typeof item.name === 'string' && isCredentialKey(item.name) && 'value' in item) copy.value = redactAll(item.value);
  return copy;
}

function isCredentialValue(key: string, value: unknown): boolean {
  return (key === LAST_APPLIED || isCredentialKey(key)) && !isContainer(value);
}

/** Every leaf becomes `<redacted>`; keys stay (key names are not secret). */
function redactAll(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactAll);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactAll(v)]));
  return value === undefined || value === null ? value : REDACTED;
}
