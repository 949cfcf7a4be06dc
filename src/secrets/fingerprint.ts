import { createHmac, randomBytes } from 'node:crypto';

/** Per-process key: fingerprints are comparable within one run and meaningless outside it. */
const PROCESS_KEY = randomBytes(32);

/** A keyed fingerprint of a secret value, for equality checks only; never put it in output. */
export function fingerprintValue(value: string): string {
  return createHmac('sha256', PROCESS_KEY).update(value, 'utf8').digest('hex');
}

/** Whether two secret values are equal, compared through their fingerprints. */
export function sameSecret(a: string, b: string): boolean {
  return fingerprintValue(a) === fingerprintValue(b);
}
