/**
 * parity's one redaction boundary. Structural redaction (`redactObject`, `redactValueAt`)
 * makes values safe before they become findings; the vault remembers every secret value the
 * run read; `scrubText` is the last pass every printed or written string goes through.
 */
export { judgeCredential, secretPartsOf, type CredentialJudgement, type CredentialContext } from './credential.js';
export { credentialWordOf, isCredentialKey, splitKeyWords } from './credential-key.js';
export { fingerprintValue, sameSecret } from './fingerprint.js';
export { holdsSecrets, isCredentialPath, redactObject, redactValueAt, secretsOfObject } from './redact.js';
export { rememberObjectSecrets } from './remember.js';
export { scrubSecrets, scrubText, REDACTED_TEXT } from './scrub-secrets.js';
export { credentialShapeOf, isReferenceOnly, maskShapes, REDACTED, scrubString, stripUrlCredentials } from './shapes.js';
export { forgetSecrets, rememberSecrets } from './vault.js';
export { collectSecretValues } from './collect-secrets.js';
export { overlaySecretValues } from './overlay-secrets.js';
export { scrubDeep } from './scrub-deep.js';
