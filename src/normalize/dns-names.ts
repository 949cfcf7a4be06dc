/**
 * DNS names inside values, and the parts of them that never name an environment: the
 * top-level domain (`dev` in `api.example.dev`) and a registrable domain every environment
 * shares (`example-prod.com` when dev, staging and production all live under it).
 *
 * A two-label name such as `redis.staging` or `kafka-0.dev` is read as Kubernetes'
 * `service.namespace`, so its last label stays a possible environment token.
 */

const LABEL_CHAR = /[a-z0-9-]/i;
const NAME_CHAR = /[a-z0-9.-]/i;
/** Labels that, under a two-letter country code, are part of the public suffix (`example.co.uk`). */
const SECOND_LEVEL_SUFFIXES = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'ne', 'or', 'go']);
const DNS_NAME = /(?<![a-z0-9.-])[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?![a-z0-9-]|\.[a-z0-9])/gi;

/**
 * Whether `value.slice(start, end)` is the last label of a DNS name of three labels or more:
 * preceded by a dot and a label, followed by the end of the name.
 */
export function isTopLevelLabel(value: string, start: number, end: number): boolean {
  if (value[start - 1] !== '.' || !LABEL_CHAR.test(value[start - 2] ?? '')) return false;
  const next = value[end] ?? '';
  if (next !== '' && (NAME_CHAR.test(next) || next === '_')) return false;
  let first = start;
  while (first > 0 && NAME_CHAR.test(value[first - 1]!)) first -= 1;
  const labels = value.slice(first, end).split('.');
  return labels.length >= 3 && labels.every((label) => label !== '');
}

/** The registrable domain of a DNS name, lower-case: `api.eu.example.com` → `example.com`, `a.example.co.uk` → `example.co.uk`. */
export function registrableDomain(name: string): string {
  const labels = name.toLowerCase().split('.');
  const tld = labels.at(-1) ?? '';
  const secondLevel = labels.at(-2) ?? '';
  const width = tld.length === 2 && SECOND_LEVEL_SUFFIXES.has(secondLevel) && labels.length >= 3 ? 3 : 2;
  return labels.slice(-width).join('.');
}

/** The DNS names (two labels or more) found in a text, with their offsets. */
export function findDnsNames(text: string): Array<{ name: string; index: number }> {
  return [...text.matchAll(DNS_NAME)].map((match) => ({ name: match[0], index: match.index }));
}

/**
 * `text` with the registrable domain of every DNS name in `shared` blanked out (replaced by
 * `_` of the same length), so environment tokens inside it are not found.
 */
export function maskSharedDomains(text: string, shared: ReadonlySet<string>): string {
  if (shared.size === 0) return text;
  let masked = text;
  for (const { name, index } of findDnsNames(text)) {
    const domain = registrableDomain(name);
    if (!shared.has(domain)) continue;
    const at = index + name.length - domain.length;
    masked = masked.slice(0, at) + '_'.repeat(domain.length) + masked.slice(at + domain.length);
  }
  return masked;
}
