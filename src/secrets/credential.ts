import { credentialWordOf, splitKeyWords } from './credential-key.js';
import { credentialShapeOf, isReferenceOnly, maskShapes } from './shapes.js';

/** parity's one answer to "is this a credential?", with the reason in a few words. */
export interface CredentialJudgement {
  credential: boolean;
  reason: string;
  /** What decided: the value's shape (only parts of it are secret), the key name, or being in a Secret. */
  by?: 'shape' | 'name' | 'secret';
}

export interface CredentialContext {
  /** The value is a key of a Secret's `data`/`stringData` (or a secretGenerator entry). */
  inSecret?: boolean;
}

/** Last words of a Secret key that name something other than a credential. */
const PLAIN_KEY_WORDS = new Map<string, string>([
  ['name', 'a name'], ['user', 'a user name'], ['username', 'a user name'], ['login', 'a user name'],
  ['host', 'a host name'], ['hostname', 'a host name'], ['hosts', 'a host list'], ['server', 'a host name'],
  ['servers', 'a host list'], ['port', 'a port number'], ['database', 'a database name'], ['db', 'a database name'],
  ['schema', 'a schema name'], ['region', 'a region'], ['namespace', 'a namespace'], ['bucket', 'a bucket name'],
  ['queue', 'a queue name'], ['topic', 'a topic name'], ['email', 'an e-mail address'], ['url', 'an address'],
  ['uri', 'an address'], ['endpoint', 'an address'], ['id', 'an identifier'], ['cluster', 'a cluster name'],
  ['realm', 'a realm name'], ['tenant', 'a tenant name'], ['issuer', 'an issuer'], ['audience', 'an audience'],
]);

const PLAIN_VALUE = [
  /^[A-Za-z0-9][A-Za-z0-9._@-]{0,252}$/, // identifier, host name, e-mail
  /^\d{1,5}$/, // port
  /^(?:[a-z][a-z0-9+.-]*:\/\/)?[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[\w./-]*)?$/i, // address without userinfo
  /^(?:(?:stuns?|turns?):)?[A-Za-z0-9.-]+(?::\d{1,5})?(?:\s*[,; ]\s*(?:(?:stuns?|turns?):)?[A-Za-z0-9.-]+(?::\d{1,5})?)+$/, // host list
  /^<[^<>\n]{1,100}>$/, // a placeholder to fill in (`<base64-secret>`)
];

/**
 * Whether the value under `key` is a credential, and why. Decided by value shape first (a
 * private key, URL userinfo, a DSN with a password, a credential parameter or flag are
 * credentials under any name), then by key name (`DB_PASSWORD`, `STRIPE_KEY`, but not
 * `AWS_ACCESS_KEY_ID`). Inside a Secret every value counts unless it is plainly something else:
 * a name, user, host, port or address holding a plain identifier.
 */
export function judgeCredential(key: string | undefined, value: string, context: CredentialContext = {}): CredentialJudgement {
  if (value.trim() === '') return { credential: false, reason: 'empty' };
  if (isReferenceOnly(value)) return { credential: false, reason: 'a reference to another variable' };
  const shape = credentialShapeOf(value);
  if (shape) return { credential: true, reason: `the value is ${shape}`, by: 'shape' };
  const word = key === undefined ? null : credentialWordOf(key);
  if (word) return { credential: true, reason: `the name ${key} says it holds a ${word}`, by: 'name' };
  if (!context.inSecret) return { credential: false, reason: 'neither its name nor its value is a credential' };
  const plain = key === undefined ? null : plainlyNotCredential(key, value);
  return plain ? { credential: false, reason: plain } : { credential: true, reason: 'it is a value of a Secret', by: 'secret' };
}

/** `database-name: orders`, `port: 5432`, `TURN_HOST: turn.example.com`: what it is, or null. */
function plainlyNotCredential(key: string, value: string): string | null {
  const words = splitKeyWords(key);
  const what = PLAIN_KEY_WORDS.get(words[words.length - 1] ?? '');
  if (!what || !PLAIN_VALUE.some((pattern) => pattern.test(value.trim()))) return null;
  const named = what === 'a name' && words.length > 1 ? `a ${words[words.length - 2]} name` : what;
  return `it is ${named}, not a credential`;
}

/** The secret parts of `value` under `key`: all of it, the parts its shapes hide, or nothing. */
export function secretPartsOf(key: string | undefined, value: string, context: CredentialContext = {}): string[] {
  const judgement = judgeCredential(key, value, context);
  if (!judgement.credential) return [];
  if (judgement.by !== 'shape') return [value];
  const hidden: string[] = [];
  maskShapes(value, hidden);
  return hidden;
}
