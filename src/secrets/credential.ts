import type { CredentialReason } from '../finding-args.js';
import { credentialWordOf, splitKeyWords } from './credential-key.js';
import { credentialShapeOf, isReferenceOnly, maskShapes } from './shapes.js';

/** What a Secret key plainly holds instead of a credential, by the key's last word. */
export type PlainKind =
  | 'name'
  | 'user'
  | 'host'
  | 'host-list'
  | 'port'
  | 'database'
  | 'schema'
  | 'region'
  | 'namespace'
  | 'bucket'
  | 'queue'
  | 'topic'
  | 'email'
  | 'address'
  | 'identifier'
  | 'cluster'
  | 'realm'
  | 'tenant'
  | 'issuer'
  | 'audience';

/**
 * Why a value is not a credential: empty, a reference to another variable, neither name nor
 * value says so, or (inside a Secret) plainly something else: `of` qualifies a `name`
 * (`database-name` is a database name).
 */
export type NotCredentialReason =
  | { kind: 'empty' }
  | { kind: 'reference' }
  | { kind: 'neither' }
  | { kind: 'plain'; what: PlainKind; of?: string };

/** parity's one answer to "is this a credential?", with the reason as data (worded by the report stage). */
export type CredentialJudgement = { credential: true; reason: CredentialReason } | { credential: false; reason: NotCredentialReason };

export interface CredentialContext {
  /** The value is a key of a Secret's `data`/`stringData` (or a secretGenerator entry). */
  inSecret?: boolean;
}

/** Last words of a Secret key that name something other than a credential. */
const PLAIN_KEY_WORDS = new Map<string, PlainKind>([
  ['name', 'name'], ['user', 'user'], ['username', 'user'], ['login', 'user'],
  ['host', 'host'], ['hostname', 'host'], ['hosts', 'host-list'], ['server', 'host'],
  ['servers', 'host-list'], ['port', 'port'], ['database', 'database'], ['db', 'database'],
  ['schema', 'schema'], ['region', 'region'], ['namespace', 'namespace'], ['bucket', 'bucket'],
  ['queue', 'queue'], ['topic', 'topic'], ['email', 'email'], ['url', 'address'],
  ['uri', 'address'], ['endpoint', 'address'], ['id', 'identifier'], ['cluster', 'cluster'],
  ['realm', 'realm'], ['tenant', 'tenant'], ['issuer', 'issuer'], ['audience', 'audience'],
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
  if (value.trim() === '') return { credential: false, reason: { kind: 'empty' } };
  if (isReferenceOnly(value)) return { credential: false, reason: { kind: 'reference' } };
  const shape = credentialShapeOf(value);
  if (shape) return { credential: true, reason: { kind: 'shape', shape } };
  const word = key === undefined ? null : credentialWordOf(key);
  if (key !== undefined && word) return { credential: true, reason: { kind: 'name', key, word } };
  if (!context.inSecret) return { credential: false, reason: { kind: 'neither' } };
  const plain = key === undefined ? null : plainlyNotCredential(key, value);
  return plain ? { credential: false, reason: plain } : { credential: true, reason: { kind: 'secret' } };
}

/** `database-name: orders`, `port: 5432`, `TURN_HOST: turn.example.com`: what it is, or null. */
function plainlyNotCredential(key: string, value: string): NotCredentialReason | null {
  const words = splitKeyWords(key);
  const what = PLAIN_KEY_WORDS.get(words[words.length - 1] ?? '');
  if (!what || !PLAIN_VALUE.some((pattern) => pattern.test(value.trim()))) return null;
  const of = what === 'name' ? words[words.length - 2] : undefined;
  return of === undefined ? { kind: 'plain', what } : { kind: 'plain', what, of };
}

/** The secret parts of `value` under `key`: all of it, the parts its shapes hide, or nothing. */
export function secretPartsOf(key: string | undefined, value: string, context: CredentialContext = {}): string[] {
  const judgement = judgeCredential(key, value, context);
  if (!judgement.credential) return [];
  if (judgement.reason.kind !== 'shape') return [value];
  const hidden: string[] = [];
  maskShapes(value, hidden);
  return hidden;
}
