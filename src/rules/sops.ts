/**
 * SOPS-encrypted manifests (Secrets, and any YAML `sops` encrypts): their `sops:` metadata
 * (MAC, last-modified time, data keys wrapped per recipient, age/PGP/KMS recipients, version)
 * differs per environment by construction, and every `ENC[…]` value is ciphertext that differs
 * on each encryption. Neither is compared: the metadata is left out, ciphertext is a secret
 * whose presence (the key set) is compared but whose value is never shown nor fingerprinted.
 */
import { isPlainObject } from '../util/is-plain-object.js';
import type { Candidate, Difference, NormalizedResource } from '../types.js';
import { makeCandidate, type PairScope } from './candidate.js';
import { REDACTED } from './redact.js';

const CIPHERTEXT = /^ENC\[[A-Z0-9_]+,data:[^\]]*\]$/;

/** Whether a value is a SOPS ciphertext (`ENC[AES256_GCM,data:…,iv:…,tag:…,type:str]`). */
export function isSopsCiphertext(value: unknown): boolean {
  return typeof value === 'string' && CIPHERTEXT.test(value.trim());
}

/** Whether an object was encrypted by SOPS: a top-level `sops` map carrying its MAC or version. */
export function isSopsEncrypted(object: Record<string, unknown>): boolean {
  const sops = object.sops;
  return isPlainObject(sops) && ('mac' in sops || 'version' in sops);
}

/**
 * What the SOPS rules make of one difference of a SOPS-encrypted resource: `skip` for its
 * metadata and for two ciphertexts, a SECRET_DRIFT (values redacted) when ciphertext is on one
 * side only, or `null` when the difference is plain data for the other rules.
 */
export function sopsDifference(scope: PairScope, resource: NormalizedResource, diff: Difference): Candidate | 'skip' | null {
  if (!isSopsEncrypted(resource.object)) return null;
  if (diff.segments[0] === 'sops') return 'skip';
  const leftSecret = holdsCiphertext(diff.left);
  const rightSecret = holdsCiphertext(diff.right);
  if (!leftSecret && !rightSecret) return null;
  if (diff.change === 'changed' && leftSecret && rightSecret) return 'skip';
  return makeCandidate({
    code: 'SECRET_DRIFT',
    service: scope.service,
    envs: [scope.leftEnv, scope.rightEnv],
    resource,
    segments: diff.segments,
    values: sideValues(scope, diff),
    args: { onlyIn: onlyIn(scope, diff) },
  });
}

/** SECRET_REUSED is about plaintext: the same ciphertext in two environments says nothing more. */
export function isCiphertextReuse(candidate: Candidate, left: NormalizedResource, right: NormalizedResource): boolean {
  if (candidate.code !== 'SECRET_REUSED') return false;
  return isSopsCiphertext(valueAt(left.object, candidate.segments)) || isSopsCiphertext(valueAt(right.object, candidate.segments));
}

/** Whether a value is ciphertext, or a map or list holding some. */
function holdsCiphertext(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsCiphertext);
  if (isPlainObject(value)) return Object.values(value).some(holdsCiphertext);
  return isSopsCiphertext(value);
}

function sideValues(scope: PairScope, diff: Difference): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (diff.change !== 'added') values[scope.leftEnv] = REDACTED;
  if (diff.change !== 'removed') values[scope.rightEnv] = REDACTED;
  return values;
}

function onlyIn(scope: PairScope, diff: Difference): Record<string, string[]> {
  return {
    [scope.leftEnv]: diff.change === 'removed' ? [diff.path] : [],
    [scope.rightEnv]: diff.change === 'added' ? [diff.path] : [],
  };
}

/** The value at canonical segments; list items by `[key=value]` or `[index]`. */
function valueAt(object: unknown, segments: readonly string[]): unknown {
  let node = object;
  for (const segment of segments) {
    const item = /^\[(?:(\d+)|([^=\]]+)=(.*))\]$/.exec(segment);
    if (!item) node = isPlainObject(node) ? node[segment] : undefined;
    else if (!Array.isArray(node)) return undefined;
    else if (item[1] !== undefined) node = node[Number(item[1])];
    else node = node.find((entry) => isPlainObject(entry) && String(entry[item[2]!]) === item[3]);
  }
  return node;
}
