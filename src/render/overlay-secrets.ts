/** Secret collection lives in `src/secrets/`; this path stays for existing importers. */
export { overlaySecretValues } from '../secrets/overlay-secrets.js';
