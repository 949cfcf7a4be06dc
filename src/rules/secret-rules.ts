import type { SecretReusedArgs } from '../finding-args.js';
import type { Candidate, Difference, NormalizedResource } from '../types.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { makeCandidate, type PairScope } from './candidate.js';
import { judgeCredential } from '../secrets/credential.js';
import { sameSecret } from '../secrets/fingerprint.js';
import { REDACTED } from '../secrets/shapes.js';

/** One key of a Secret, `data` decoded, `stringData` winning as the API server merges them. */
interface SecretEntry {
  field: 'data' | 'stringData';
  value: string;
}

function isSecretDataPath(resource: NormalizedResource, segments: readonly string[]): boolean {
  return resource.kind === 'Secret' && (segments[0] === 'data' || segments[0] === 'stringData');
}

/**
 * A Secret present in both environments: a different key set is one SECRET_DRIFT; a key
 * holding the same credential in both is SECRET_REUSED. Different values are expected, and
 * keys that plainly hold no credential (`database-name`, `port`, a plain `username`) are
 * compared as part of the key set only.
 */
export function secretCandidates(scope: PairScope, left: NormalizedResource, right: NormalizedResource): Candidate[] {
  const leftKeys = secretEntries(left);
  const rightKeys = secretEntries(right);
  const candidates: Candidate[] = [];
  const onlyLeft = [...leftKeys.keys()].filter((key) => !rightKeys.has(key)).sort();
  const onlyRight = [...rightKeys.keys()].filter((key) => !leftKeys.has(key)).sort();
  if (onlyLeft.length > 0 || onlyRight.length > 0) {
    candidates.push(makeCandidate({
      code: 'SECRET_DRIFT',
      service: scope.service,
      envs: [scope.leftEnv, scope.rightEnv],
      resource: right,
      segments: ['data'],
      values: { [scope.leftEnv]: REDACTED, [scope.rightEnv]: REDACTED },
      args: { onlyIn: { [scope.leftEnv]: onlyLeft, [scope.rightEnv]: onlyRight } },
    }));
  }
  for (const [key, entry] of [...leftKeys].sort(([a], [b]) => a.localeCompare(b))) {
    const other = rightKeys.get(key);
    if (!other || entry.value === '' || !sameSecret(entry.value, other.value)) continue;
    const judgement = judgeCredential(key, entry.value, { inSecret: true });
    if (judgement.credential) candidates.push(reusedCandidate(scope, right, [entry.field, key], { key, reason: judgement.reason }));
  }
  return candidates;
}

/** SECRET_REUSED at `segments` of `resource`, saying why the value counts as a credential; both values `<redacted>`. */
export function reusedCandidate(scope: PairScope, resource: NormalizedResource, segments: string[], why: SecretReusedArgs): Candidate {
  return makeCandidate({
    code: 'SECRET_REUSED',
    service: scope.service,
    envs: [scope.leftEnv, scope.rightEnv],
    resource,
    segments,
    values: { [scope.leftEnv]: REDACTED, [scope.rightEnv]: REDACTED },
    args: why,
  });
}

/** Differences of a Secret's data that the secret rules speak for (never shown as values). */
export function claimsSecretData(resource: NormalizedResource, diff: Difference): boolean {
  return isSecretDataPath(resource, diff.segments);
}

function secretEntries(resource: NormalizedResource): Map<string, SecretEntry> {
  const entries = new Map<string, SecretEntry>();
  const { data, stringData } = resource.object;
  if (isPlainObject(data)) {
    for (const [key, value] of Object.entries(data)) entries.set(key, { field: 'data', value: decodeBase64(value) });
  }
  if (isPlainObject(stringData)) {
    for (const [key, value] of Object.entries(stringData)) entries.set(key, { field: 'stringData', value: String(value ?? '') });
  }
  return entries;
}

/** A `data` value decoded; one that is not base64 at all (a placeholder the API server would refuse) as written. */
function decodeBase64(value: unknown): string {
  if (typeof value !== 'string') return String(value ?? '');
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return value;
  return Buffer.from(compact, 'base64').toString('latin1');
}
