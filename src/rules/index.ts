/** The built-in rules stage: matched, diffed resources → candidates, before policy. */
export { pairCandidates, type PairContext } from './pair-candidates.js';
export { envCandidates, type EnvContext } from './env-candidates.js';
export { sharedRegistrableDomains } from './shared-domains.js';
export { REDACTED, isCredentialKey, redactObject, redactValueAt, scrubString } from './redact.js';
export { fingerprintValue } from './fingerprint.js';
export { computePostures, presentsClientCert } from './tls-posture.js';
