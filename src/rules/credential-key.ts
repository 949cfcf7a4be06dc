/**
 * Which key names say "this value is a credential". Names are split into words on `_`, `-`,
 * `.`, `/` and camelCase boundaries and matched case-insensitively, so `DB_PASSWORD`,
 * `spring.datasource.password` and `clientSecret` match while `PWD` (the working directory),
 * `secretName` or `TOKEN_URL` (names of a credential, not the credential) do not.
 */

const CREDENTIAL_WORDS = new Set([
  'password', 'passwords', 'passwd', 'pass', 'passphrase', 'token', 'tokens', 'secret', 'secrets',
  'credential', 'credentials', 'apikey', 'accesskey', 'privatekey', 'secretkey', 'connectionstring',
]);

/** Two-word names: `API_KEY`, `PRIVATE_KEY`, `CONNECTION_STRING`… */
const CREDENTIAL_PAIRS = new Set([
  'api key', 'private key', 'access key', 'secret key', 'signing key', 'encryption key',
  'auth key', 'master key', 'account key', 'connection string',
]);

/** A last word that makes the name describe a credential rather than hold one. */
const DESCRIPTOR_WORDS = new Set([
  'name', 'names', 'ref', 'refs', 'file', 'files', 'path', 'dir', 'url', 'uri', 'endpoint',
  'type', 'ttl', 'expiry', 'expires', 'length', 'header', 'mount', 'location', 'enabled',
  'audience', 'issuer', 'version', 'namespace', 'store', 'provider',
]);

export function splitKeyWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

export function isCredentialKey(name: string): boolean {
  const words = splitKeyWords(name);
  if (words.length === 0 || DESCRIPTOR_WORDS.has(words[words.length - 1]!)) return false;
  if (words.some((word) => CREDENTIAL_WORDS.has(word))) return true;
  // `PWD` alone is the working directory; `DB_PWD` is a password.
  if (words.length > 1 && words.includes('pwd')) return true;
  return words.some((word, i) => i > 0 && CREDENTIAL_PAIRS.has(`${words[i - 1]} ${word}`));
}
