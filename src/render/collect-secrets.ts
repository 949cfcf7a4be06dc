/** Secret collection lives in `src/secrets/`; this path stays for existing importers. */
export { collectSecretValues } from '../secrets/collect-secrets.js';
