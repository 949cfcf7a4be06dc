import { splitKeyWords } from './credential-key.js';
import { findDnsNames } from '../normalize/dns-names.js';

/** Key words that make any value under them an address: `S3_BUCKET`, `queueName`, `KAFKA_BROKERS`. */
const ADDRESS_KEY_WORDS = new Set([
  'bucket', 'buckets', 'queue', 'queues', 'topic', 'topics', 'host', 'hosts', 'hostname', 'hostnames',
  'endpoint', 'endpoints', 'url', 'urls', 'uri', 'uris', 'addr', 'address', 'addresses', 'dsn',
  'broker', 'brokers',
]);

const URL_VALUE = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
const FILE_URL = /^file:/i;
const DOTTED_HOST = /^(?=[^/]*[a-z])[a-z0-9-]+(\.[a-z0-9-]+){2,}(:\d{1,5})?(\/\S*)?$/i;
const HOST_PORT = /^[a-z0-9][a-z0-9.-]*:\d{1,5}$/i;
const USER_AT_HOST = /^[^\s@/:]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
const EMBEDDED = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>,;]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+){2,}(?::\d{1,5})?\b/gi;

/** Whether a single-line value, held under `key`, is an address (URL, host, DSN, bucket/queue/topic…). */
function isAddressLike(key: string, value: string): boolean {
  if (/\s/.test(value) || value === '' || value.startsWith('/') || FILE_URL.test(value)) return false;
  if (URL_VALUE.test(value) || DOTTED_HOST.test(value) || HOST_PORT.test(value) || USER_AT_HOST.test(value)) return true;
  return splitKeyWords(key).some((word) => ADDRESS_KEY_WORDS.has(word));
}

/**
 * The addresses of a value: the value itself when it is one, or the URLs and dotted hosts found
 * inside a longer text (an embedded config file).
 */
export function findAddresses(key: string, value: string): string[] {
  if (!/\s/.test(value)) return isAddressLike(key, value) ? [value] : [];
  return [...value.matchAll(EMBEDDED)].map((match) => match[0]).filter((found) => !FILE_URL.test(found));
}

/**
 * Public endpoints whose environment token names the provider's environment, never one of the
 * chain: Let's Encrypt's staging directory is what dev and staging issuers use by design.
 */
const PROVIDER_HOSTS = new Set(['acme-staging-v02.api.letsencrypt.org', 'acme-staging.api.letsencrypt.org']);

/** `text` with every provider host blanked out (`_` of the same length). */
export function maskProviderHosts(text: string): string {
  let masked = text;
  for (const { name, index } of findDnsNames(text)) {
    if (PROVIDER_HOSTS.has(name.toLowerCase())) masked = masked.slice(0, index) + '_'.repeat(name.length) + masked.slice(index + name.length);
  }
  return masked;
}
