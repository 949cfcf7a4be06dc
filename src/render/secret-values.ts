/** Secret collection lives in `src/secrets/`; this path stays for existing importers. */
export { envFileValues, expandSecretValues, looseSecretValues, secretValuesOfManifest } from '../secrets/secret-values.js';
