/** Parsing of endpoint values: which values are URLs, and what they say about TLS. */

export interface EndpointUrl {
  scheme: string;
  host: string;
  port: number | null;
  /** TLS-related query parameters, `sslmode=verify-full`. */
  tlsParams: string[];
}

const URL_VALUE = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
const NOT_ENDPOINTS = new Set(['file', 'data', 'jar']);
const TLS_PARAMS = new Set([
  'sslmode', 'ssl', 'tls', 'usessl', 'use_ssl', 'sslcert', 'sslkey', 'sslrootcert', 'tlsinsecure',
  'tlscafile', 'tlscertificatekeyfile', 'encrypt', 'trustservercertificate', 'ssl_cert_reqs',
]);
const DEFAULT_PORTS: Record<string, number> = {
  http: 80, https: 443, ws: 80, wss: 443, grpc: 80, grpcs: 443, postgres: 5432, postgresql: 5432,
  mysql: 3306, redis: 6379, rediss: 6379, amqp: 5672, amqps: 5671, mongodb: 27017, nats: 4222,
};

/** The URL a value holds, or null when the value is no network URL. */
export function parseEndpointUrl(value: string): EndpointUrl | null {
  if (!URL_VALUE.test(value.trim())) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    // TypeError from new URL: the value only looks like a URL.
    return null;
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (NOT_ENDPOINTS.has(scheme) || url.hostname === '') return null;
  const port = url.port ? Number(url.port) : (DEFAULT_PORTS[scheme] ?? null);
  const tlsParams = [...url.searchParams]
    .filter(([key]) => TLS_PARAMS.has(key.toLowerCase()))
    .map(([key, value]) => `${key.toLowerCase()}=${value}`)
    .sort();
  return { scheme, host: url.hostname.toLowerCase().replace(/^\[|\]$/g, ''), port, tlsParams };
}
