/** Scrubbing lives in `src/secrets/`; this path stays for existing importers. */
export { MIN_SECRET_LENGTH, REDACTED_TEXT, scrubSecrets } from '../secrets/scrub-secrets.js';
