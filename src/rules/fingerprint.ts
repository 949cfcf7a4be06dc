/** Fingerprints live in `src/secrets/`; this path stays for existing importers. */
export { fingerprintValue, sameSecret } from '../secrets/fingerprint.js';
