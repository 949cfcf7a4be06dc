/** Scrubbing lives in `src/secrets/`; this path stays for existing importers. */
export { REDACTED_TEXT, scrubSecrets } from '../secrets/scrub-secrets.js';
