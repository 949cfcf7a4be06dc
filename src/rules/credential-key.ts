/** The credential decision lives in `src/secrets/`; this path stays for existing importers. */
export { isCredentialKey, splitKeyWords } from '../secrets/credential-key.js';
