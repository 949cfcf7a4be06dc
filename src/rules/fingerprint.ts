/** Fingerprints live in `src/secrets/`; this path stays for existing importers. */
export { fingerprintValue } from '../secrets/fingerprint.js';
