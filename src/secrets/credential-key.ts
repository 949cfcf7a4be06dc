/**
 * Which key names say "this value is a credential". Names are split into words on `_`, `-`,
 * `.`, `/` and camelCase boundaries and matched case-insensitively, so `DB_PASSWORD`,
 * `spring.datasource.password`, `clientSecret` and `STRIPE_KEY` match while `PWD` (the working
 * directory), `secretName`, `TOKEN_URL` or `AWS_ACCESS_KEY_ID` (names of a credential, not the
 * credential) and `topologyKey` or `CACHE_KEY` (keys that are not keys to anything) do not.
 */

const CREDENTIAL_WORDS = new Set([
  'password', 'passwords', 'passwd', 'passphrase', 'token', 'tokens', 'secret', 'secrets',
  'credential', 'credentials', 'apikey', 'accesskey', 'privatekey', 'secretkey', 'connectionstring',
  'pat',
]);

/** Two-word names anywhere in the name: `API_KEY_V2`, `PRIVATE_KEY_PEM`, `CONNECTION_STRING`… */
const CREDENTIAL_PAIRS = new Set([
  'api key', 'private key', 'access key', 'secret key', 'signing key', 'encryption key',
  'auth key', 'master key', 'account key', 'connection string', 'license key',
]);

/** A last word that makes the name describe a credential rather than hold one. */
const DESCRIPTOR_WORDS = new Set([
  'name', 'names', 'ref', 'refs', 'file', 'files', 'path', 'dir', 'url', 'uri', 'endpoint',
  'type', 'ttl', 'expiry', 'expires', 'length', 'header', 'mount', 'location', 'enabled',
  'audience', 'issuer', 'version', 'namespace', 'store', 'provider', 'arn', 'alias',
  'prefix', 'suffix', 'fingerprint', 'algorithm', 'format', 'size', 'rotation', 'policy',
  // A measure of a credential (`TOKEN_EXPIRY_SECONDS`, `PASSWORD_MIN_LENGTH`, `SECRET_ROTATION_DAYS`).
  'seconds', 'secs', 'sec', 'ms', 'millis', 'milliseconds', 'minutes', 'mins', 'hours', 'days',
  'timeout', 'lifetime', 'duration', 'interval', 'expiration', 'age', 'count', 'limit', 'max', 'min',
]);

/** `<word>_KEY` names whose key opens nothing: cache keys, sort keys, `topologyKey`, public keys. */
const NON_SECRET_KEY_QUALIFIERS = new Set([
  'public', 'publishable', 'cache', 'partition', 'sort', 'primary', 'foreign', 'routing', 'topology',
  'object', 'idempotency', 'lookup', 'hash', 'shard', 'group', 'message', 'dedup', 'dedupe', 'row',
  'index', 'map', 'label', 'annotation', 'node', 'match', 'selector', 'config', 'configmap',
  'feature', 'metric', 'bucket', 'kms', 'search', 'translation', 'i18n', 'tenant', 'entity', 'unique',
  'composite', 'sharding', 'consistency', 'correlation', 'trace', 'session', 'state', 'storage', 'lock',
]);

const KEY_WORDS = new Set(['key', 'keys']);

export function splitKeyWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

export function isCredentialKey(name: string): boolean {
  return credentialWordOf(name) !== null;
}

/**
 * The word of `name` that makes it a credential name (`password`, `token`, `key`…), or null.
 * Shared with the reasons parity gives for treating a value as a credential.
 */
export function credentialWordOf(name: string): string | null {
  const words = splitKeyWords(name);
  const last = words.at(-1);
  if (last === undefined || DESCRIPTOR_WORDS.has(last) || isKeyIdentifier(words)) return null;
  const word = words.find((w) => CREDENTIAL_WORDS.has(w));
  if (word) return word;
  // `PWD` alone is the working directory, `PASS` alone a verdict; `DB_PWD`, `DB_PASS` are passwords.
  if (words.length > 1 && words.includes('pwd')) return 'pwd';
  if (words.length > 1 && last === 'pass') return 'pass';
  const pair = words.findIndex((w, i) => i > 0 && CREDENTIAL_PAIRS.has(`${words[i - 1]} ${w}`));
  if (pair > 0) return `${words[pair - 1]} ${words[pair]}`;
  return isQualifiedKey(words) ? 'key' : null;
}

/** `AWS_ACCESS_KEY_ID`, `accessKeyId`: the identifier of a key, shown wherever the key is used. */
function isKeyIdentifier(words: string[]): boolean {
  const [before, last] = words.slice(-2);
  return (last === 'id' || last === 'ids') && before !== undefined && KEY_WORDS.has(before);
}

/** `STRIPE_KEY`, `JWT_KEY`, `apiKey`: `key` last, after a word that does not make it a plain key. */
function isQualifiedKey(words: string[]): boolean {
  const last = words.at(-1);
  const before = words.at(-2);
  if (last === undefined || !KEY_WORDS.has(last) || before === undefined) return false;
  return !NON_SECRET_KEY_QUALIFIERS.has(before);
}
