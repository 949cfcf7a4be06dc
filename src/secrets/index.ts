/**
 * parity's one redaction boundary. Structural redaction (`redactObject`, `redactValueAt`)
 * makes values safe before they become findings; the vault remembers every secret value the
 * run read; `scrubText` is the last pass every printed or written string goes through.
 */
export { judgeCredential } from './credential.js';
export { isCredentialKey } from './credential-key.js';
export { redactObject, redactValueAt } from './redact.js';
export { rememberObjectSecrets } from './remember.js';
export { scrubSecrets, scrubText } from './scrub-secrets.js';
export { maskShapes, scrubString } from './shapes.js';
export { forgetSecrets, rememberSecrets } from './vault.js';
