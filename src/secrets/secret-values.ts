import { secretPartsOf } from './credential.js';
import { isCredentialKey } from './credential-key.js';

/**
 * The secret values a parsed manifest (or patch) holds: a Secret's `data` (as written and
 * base64-decoded) and `stringData`, values of credential-named keys and `{name, value}` env
 * entries, and `password=…` lines inside embedded config files.
 */
export function secretValuesOfManifest(doc: unknown): string[] {
  const values: string[] = [];
  if (isRecord(doc) && doc.kind === 'Secret') values.push(...secretDataValues(doc));
  walkCredentials(doc, values);
  return values;
}

/**
 * The values of `KEY=value` lines (env files): with `inSecret` (a secretGenerator's), every
 * value that is not plainly something else (`database-name=orders`, `port=5432`); otherwise
 * values of credential-named keys and credential-shaped values.
 */
export function envFileValues(text: string, inSecret: boolean): string[] {
  return assignmentValues(text, (key, value) => secretPartsOf(key, value, { inSecret }));
}

/** Structural keys of a manifest, not secret values, when a broken Secret file is read line by line. */
const MANIFEST_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'name', 'namespace', 'data', 'stringData', 'type', 'labels', 'annotations']);

/** Every `key: value` of a Secret file that does not parse as YAML (best effort). */
export function looseSecretValues(text: string): string[] {
  return assignmentValues(text, (key, value) => (MANIFEST_KEYS.has(key.replace(/^-\s*/, '')) ? [] : secretPartsOf(key, value, { inSecret: true })));
}

function assignmentValues(text: string, partsOf: (key: string, value: string) => string[]): string[] {
  const values: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([^#=:\s][^=:]*?)?\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (match && match[2] !== '') values.push(...partsOf(match[1] ?? '', unquote(match[2]!)));
  }
  return values;
}

/** Each value, plus its base64 form (how Kustomize prints Secret data) and trimmed form. */
export function expandSecretValues(values: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const value of values) {
    out.add(value);
    out.add(value.trim());
    out.add(Buffer.from(value, 'utf8').toString('base64'));
  }
  return [...out].filter((value) => value !== '');
}

/** A Secret's values that are credentials, `data` as written and decoded; a broken one's every leaf. */
function secretDataValues(doc: Record<string, unknown>): string[] {
  const values: string[] = [];
  for (const [key, value] of entriesOf(doc.data)) {
    const decoded = decodeBase64(value);
    if (secretPartsOf(key, decoded[0] ?? value, { inSecret: true }).length > 0) values.push(value, ...decoded);
  }
  for (const [key, value] of entriesOf(doc.stringData)) values.push(...secretPartsOf(key, value, { inSecret: true }));
  return values;
}

type Entry = [string | undefined, string];

function entriesOf(value: unknown): Entry[] {
  if (!isRecord(value)) return leafStrings(value).map((leaf): Entry => [undefined, leaf]);
  return Object.entries(value).flatMap(([key, child]): Entry[] =>
    isScalar(child) ? [[key, String(child)]] : leafStrings(child).map((leaf): Entry => [undefined, leaf]),
  );
}

/** The decoded text of a base64 value, when it is base64 of UTF-8 text. */
function decodeBase64(value: string): string[] {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(value)) return [];
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return decoded.includes('\uFFFD') ? [] : [decoded];
}

/** Every string or number under a value (a broken Secret may nest its values). */
function leafStrings(value: unknown): string[] {
  if (isScalar(value)) return [String(value)];
  if (Array.isArray(value)) return value.flatMap(leafStrings);
  return isRecord(value) ? Object.values(value).flatMap(leafStrings) : [];
}

function walkCredentials(node: unknown, values: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) walkCredentials(item, values);
    return;
  }
  if (typeof node === 'string') {
    if (node.includes('\n')) values.push(...envFileValues(node, false));
    return;
  }
  if (!isRecord(node)) return;
  if (isCredentialEntry(node) && isScalar(node.value)) values.push(String(node.value));
  for (const [key, value] of Object.entries(node)) {
    if (isCredentialKey(key) && isScalar(value)) values.push(String(value));
    else walkCredentials(value, values);
  }
}

/** `{name: DB_PASSWORD, value}` env entries and JSON-patch ops on `/data/…` or a credential key. */
function isCredentialEntry(node: Record<string, unknown>): boolean {
  if (typeof node.name === 'string' && isCredentialKey(node.name)) return true;
  if (typeof node.op !== 'string' || typeof node.path !== 'string') return false;
  const last = node.path.split('/').pop() ?? '';
  return /^\/(data|stringData)\//.test(node.path) || isCredentialKey(last);
}

function isScalar(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unquote(value: string): string {
  const match = /^(["'])(.*)\1$/.exec(value);
  return match ? match[2]! : value;
}
