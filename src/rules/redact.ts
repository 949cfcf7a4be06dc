/** Redaction lives in `src/secrets/`; this path stays for existing importers. */
export { REDACTED, isCredentialKey, isCredentialPath, redactObject, redactValueAt, scrubString, stripUrlCredentials } from '../secrets/redact.js';
