import type { K8sObject } from '../types.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { secretPartsOf } from './credential.js';
import { redactObject } from './redact.js';
import { rememberSecrets } from './vault.js';

/**
 * Remembers the secret values of objects parity read (rendered resources, Argo CD
 * Applications), so the final text scrubber masks them wherever they surface: a Secret's
 * credential values (decoded and as written) and everything structural redaction hides.
 */
export function rememberObjectSecrets(objects: Iterable<K8sObject>): void {
  for (const object of objects) rememberSecrets(secretsToRemember(object));
}

function secretsToRemember(object: K8sObject): string[] {
  if (object.kind !== 'Secret') return hiddenBy(object);
  const values: string[] = [];
  for (const [key, value] of scalarEntries(object.data)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const parts = secretPartsOf(key, decoded, { inSecret: true });
    values.push(...parts, ...(parts.length > 0 ? [value] : []));
  }
  for (const [key, value] of scalarEntries(object.stringData)) values.push(...secretPartsOf(key, value, { inSecret: true }));
  const { data: _data, stringData: _stringData, ...rest } = object;
  return [...values, ...hiddenBy(rest as K8sObject)];
}

function hiddenBy(object: K8sObject): string[] {
  const hidden: string[] = [];
  redactObject(object, hidden);
  return hidden;
}

function scalarEntries(value: unknown): Array<[string, string]> {
  if (!isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]): Array<[string, string]> =>
    typeof child === 'string' || typeof child === 'number' ? [[key, String(child)]] : [],
  );
}
