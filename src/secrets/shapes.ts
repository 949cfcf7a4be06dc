import type { CredentialShape } from '../finding-args.js';
import { isCredentialKey, splitKeyWords } from './credential-key.js';

/** What a secret value is replaced by wherever parity shows or stores text. */
export const REDACTED = '<redacted>';

/** One credential shape: what it is and how to mask it, collecting what it hid. */
interface ShapeRule {
  shape: CredentialShape;
  mask: (text: string, hidden: string[]) => string;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;
const URL_AUTHORITY = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s"'<>`]+)/gi;
const GO_DSN = /([^\s:/@"'()]+):([^\s"']*)@(tcp6?|udp|unix)\(/g;
const ASSIGNMENT = /(^|[\s?&;,("'`|])(-{0,2})([A-Za-z_][\w.-]*)=("[^"]*"|'[^']*'|[^\s&;"'`]+)/gm;
const SPACED_FLAG = /(^|\s)(--?)([A-Za-z][\w.-]*)([ \t]+)([^\s-"'][^\s"']*)/g;
const QUOTED_PAIR = /(")([^"\\]+)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
const ESCAPED_QUOTED_PAIR = /(\\")([^"\\]+)\\"(\s*:\s*)\\"([^"\\]*)\\"/g;
const YAML_LINE = /^(\s*(?:-\s+)?(?:export\s+)?["']?)([\w.-]+)(["']?[ \t]*[:=][ \t]*)(\S.*)$/gm;
const BEARER = /\b(Bearer|Basic)([ \t]+)([A-Za-z0-9._~+/=-]{12,})/g;
const BYTE_LIST = /\[(?:\d{1,3} ){7,}\d{1,3}\]/g;
const KEY_LIKE_USER = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_.~%+-]{16,}$/;

/** In order: parameters before URL userinfo, so `…;password=@x` is not read as a user part. */
const SHAPES: ShapeRule[] = [
  { shape: 'private-key', mask: (text, hidden) => replaceAll(text, PEM_BLOCK, hidden, ([all]) => ({ out: REDACTED, secret: all })) },
  { shape: 'credential-parameter', mask: (text, hidden) => replaceAll(text, ASSIGNMENT, hidden, assignmentPart) },
  { shape: 'credential-quoted-field', mask: (text, hidden) => replaceAll(text, QUOTED_PAIR, hidden, quotedPart) },
  { shape: 'credential-quoted-field', mask: (text, hidden) => replaceAll(text, ESCAPED_QUOTED_PAIR, hidden, quotedPart) },
  { shape: 'url-userinfo', mask: maskUrlUserinfo },
  { shape: 'connection-string', mask: (text, hidden) => replaceAll(text, GO_DSN, hidden, dsnPart) },
  { shape: 'credential-setting', mask: (text, hidden) => replaceAll(text, YAML_LINE, hidden, yamlPart) },
  { shape: 'credential-flag', mask: (text, hidden) => replaceAll(text, SPACED_FLAG, hidden, flagPart) },
  { shape: 'authorization-token', mask: (text, hidden) => replaceAll(text, BEARER, hidden, bearerPart) },
  { shape: 'quoted-bytes', mask: (text, hidden) => replaceAll(text, BYTE_LIST, hidden, ([all]) => ({ out: `[${REDACTED}]`, secret: all })) },
];

/**
 * Masks every credential shape inside `text`: private keys, URL userinfo (any characters in
 * the password, Sentry-style keys as the user), Go/MySQL DSNs, credential-named `key=value`
 * parameters (query strings, JDBC, `--api-key=…`, `-D…password=…`), quoted JSON fields,
 * `key: value` lines, `--db-pass VALUE`, bearer tokens and quoted byte lists. What was hidden
 * is pushed to `hidden` when given.
 */
export function maskShapes(text: string, hidden: string[] = []): string {
  return SHAPES.reduce((out, rule) => rule.mask(out, hidden), text);
}

/** The first credential shape `value` holds, or null. */
export function credentialShapeOf(value: string): CredentialShape | null {
  for (const rule of SHAPES) {
    const hidden: string[] = [];
    rule.mask(value, hidden);
    if (hidden.length > 0) return rule.shape;
  }
  return null;
}

/** A value safe to show: a whole value holding a private key goes, other shapes are masked. */
export function scrubString(value: string): string {
  PEM_BLOCK.lastIndex = 0;
  if (PEM_BLOCK.test(value)) return REDACTED;
  return maskShapes(value);
}

/** Removes `user:password@` from URLs, for values shown as addresses. */
export function stripUrlCredentials(value: string): string {
  return value.replace(URL_AUTHORITY, (all, scheme: string, rest: string) => {
    const at = userinfoEnd(rest);
    return at < 0 ? all : `${scheme}${rest.slice(at + 1)}`;
  });
}

type Part = { out: string; secret: string } | null;

/** Match groups: `[all, group1, …, group5]` (no shape has more), absent groups as ''. */
type Groups = [all: string, string, string, string, string, string];

function groupsOf(args: unknown[]): Groups {
  const strings = args.slice(0, -2).filter((arg) => typeof arg === 'string' || arg === undefined) as Array<string | undefined>;
  const group = (index: number) => strings[index] ?? '';
  return [group(0), group(1), group(2), group(3), group(4), group(5)];
}

function replaceAll(text: string, pattern: RegExp, hidden: string[], part: (groups: Groups) => Part): string {
  return text.replace(pattern, (...args: unknown[]) => {
    const groups = groupsOf(args);
    const result = part(groups);
    if (!result) return groups[0];
    if (result.secret !== '') hidden.push(result.secret);
    return result.out;
  });
}

function maskUrlUserinfo(text: string, hidden: string[]): string {
  return replaceAll(text, URL_AUTHORITY, hidden, ([all, scheme, rest]) => {
    const at = userinfoEnd(rest);
    if (at < 0) return null;
    const userinfo = rest.slice(0, at);
    const host = rest.slice(at);
    const colon = userinfo.indexOf(':');
    if (colon >= 0) return masked(`${scheme}${userinfo.slice(0, colon)}:`, userinfo.slice(colon + 1), host) ?? { out: all, secret: '' };
    return KEY_LIKE_USER.test(userinfo) ? { out: `${scheme}${REDACTED}${host}`, secret: userinfo } : null;
  });
}

/** The `@` ending a URL's userinfo: the last one before any `?` or `#`, or -1. */
function userinfoEnd(rest: string): number {
  const cut = rest.search(/[?#]/);
  return (cut < 0 ? rest : rest.slice(0, cut)).lastIndexOf('@');
}

/** A boolean or null says whether, never what: `automountServiceAccountToken: false` stays (also `false,` in a script). */
const NOT_A_VALUE = /^(?:true|false|null|~)[,;]?$/i;

function masked(before: string, secret: string, after: string): Part {
  if (secret === '' || secret.startsWith(REDACTED) || NOT_A_VALUE.test(secret)) return null;
  return { out: `${before}${REDACTED}${after}`, secret };
}

function dsnPart([all, user, password, proto]: Groups): Part {
  return masked(`${user}:`, password, `@${proto}(`) ?? { out: all, secret: '' };
}

function assignmentPart([all, sep, dashes, key, value]: Groups): Part {
  if (!isCredentialKey(key) || isReferenceOnly(value)) return { out: all, secret: '' };
  return masked(`${sep}${dashes}${key}=`, unquote(value), '') ?? { out: all, secret: '' };
}

function quotedPart([all, quote, key, colon, value]: Groups): Part {
  if (!isCredentialKey(key)) return { out: all, secret: '' };
  return masked(`${quote}${key}${quote}${colon}${quote}`, value, quote) ?? { out: all, secret: '' };
}

function yamlPart([all, lead, key, sep, value]: Groups): Part {
  if (!isCredentialKey(key) || isReferenceOnly(value) || /^[|>{[]/.test(value) || isShellReference(sep, value) || isHostAndPort(key, sep, value)) {
    return { out: all, secret: '' };
  }
  return masked(`${lead}${key}${sep}`, unquote(value.trim()), '') ?? { out: all, secret: '' };
}

function flagPart([all, lead, dashes, flag, space, value]: Groups): Part {
  if (!isCredentialKey(flag) || isReferenceOnly(value)) return { out: all, secret: '' };
  return masked(`${lead}${dashes}${flag}${space}`, value, '') ?? { out: all, secret: '' };
}

function bearerPart([all, word, space, token]: Groups): Part {
  return masked(`${word}${space}`, token, '') ?? { out: all, secret: '' };
}

/**
 * `token-service.internal:8080`, `secrets-manager:443`: a host and its port, not a credential-named
 * setting. Only with no space around the colon, a port-sized number after it, and a host-like name
 * (dotted, or the credential word not last), so `password:1234` stays masked.
 */
function isHostAndPort(key: string, sep: string, value: string): boolean {
  if (sep !== ':' || !/^[A-Za-z0-9.-]+$/.test(key) || !/^\d{1,5}$/.test(value) || Number(value) > 65535) return false;
  return key.includes('.') || !isCredentialKey(splitKeyWords(key).at(-1) ?? '');
}

/** `$(DB_PASSWORD)` / `${DB_PASSWORD}`: a reference to a value, not a value. */
export function isReferenceOnly(value: string): boolean {
  // `$(VAR)`, `${VAR}`, or a bare shell `$VAR` in capitals (a literal starting with `$` stays a value), quoted or not.
  return /^(["']?)\$(?:[({][A-Za-z_][A-Za-z0-9_]*[)}]|[A-Z_][A-Z0-9_]+)\1$/.test(value.trim());
}

/** `PWD="$DB_PASSWORD" mysql …`: a shell assignment whose first word is a reference to another variable. */
function isShellReference(sep: string, value: string): boolean {
  const word = /^("[^"]*"|'[^']*'|\S+)/.exec(value)?.[1];
  return sep.includes('=') && word !== undefined && isReferenceOnly(word);
}

function unquote(value: string): string {
  const match = /^(["'])(.*)\1$/s.exec(value);
  return match?.[2] ?? value;
}
