/**
 * When two values differ only by construction: by environment tokens (`db.staging.internal`
 * vs `db.production.internal`), by quantity spelling (`100m` vs `0.1`, at quantity paths) or by
 * port type (`8080` vs `"8080"`, at port paths). Identical raw values are always equivalent.
 */
import { isPlainObject } from '../util/is-plain-object.js';
import { replaceEnvTokens } from './env-tokens.js';
import { isImageReference } from './image-like.js';
import { isQuantityPath, quantitiesEqual } from './quantity.js';

export interface EnvTokenPair {
  left: readonly string[];
  right: readonly string[];
}

/**
 * Identical values are equal; two different strings are equal when they read the same once
 * each side's environment tokens are replaced by `{env}`. Objects and lists compare member by
 * member the same way.
 */
export function valuesEquivalent(a: unknown, b: unknown, tokensA: readonly string[], tokensB: readonly string[]): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a === 'string' && typeof b === 'string') return stringsEquivalent(a, b, tokensA, tokensB);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => valuesEquivalent(item, b[i], tokensA, tokensB));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => key in b && valuesEquivalent(a[key], b[key], tokensA, tokensB));
  }
  return false;
}

/**
 * A multi-line string (a config file in a ConfigMap) compares line by line: a line written the
 * same in both is the same line, even when it names several environments (`# one of: staging,
 * qa`, where each side's own name would otherwise become `{env}` and the others not); a line
 * that differs must read the same once each side's tokens are `{env}`.
 */
function stringsEquivalent(a: string, b: string, tokensA: readonly string[], tokensB: readonly string[]): boolean {
  if (!a.includes('\n') && !b.includes('\n')) return replaceEnvTokens(a, tokensA) === replaceEnvTokens(b, tokensB);
  const linesA = a.split('\n');
  const linesB = b.split('\n');
  if (linesA.length !== linesB.length) return false;
  return linesA.every((line, i) => {
    const other = linesB[i]!;
    return line === other || replaceEnvTokens(line, tokensA) === replaceEnvTokens(other, tokensB);
  });
}

/**
 * Whether two scalars found at the same path (segments of a canonical path) are equivalent:
 * `valuesEquivalent`, plus quantities at quantity paths and int/string ports at port paths.
 */
export function fieldValuesEquivalent(
  segments: readonly string[],
  a: unknown,
  b: unknown,
  tokens: EnvTokenPair,
): boolean {
  if (isImageReference(segments, a, b)) return Object.is(a, b);
  if (valuesEquivalent(a, b, tokens.left, tokens.right)) return true;
  if (isPortPath(segments) && portsEqual(a, b)) return true;
  return isQuantityPath(segments) && quantitiesEqual(a, b);
}

/** `port`, `targetPort`, `containerPort`, `hostPort`, `nodePort`, … and Ingress `port.number`. */
export function isPortPath(segments: readonly string[]): boolean {
  const key = segments.at(-1) ?? '';
  if (key === 'number') return segments.at(-2) === 'port';
  return key === 'port' || /^[a-z]+Port$/.test(key);
}

/** `8080` and `"8080"` are the same port; named ports compare as strings. */
function portsEqual(a: unknown, b: unknown): boolean {
  const isPort = (value: unknown) => typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value));
  return isPort(a) && isPort(b) && Number(a) === Number(b);
}
