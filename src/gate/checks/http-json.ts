import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** How to reach a monitoring API: its base URL, an optional bearer token and CA bundle. */
export interface Endpoint {
  url: string;
  token?: string;
  /** PEM text of the CA that signs the server's certificate. */
  ca?: string;
  timeoutMs?: number;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** Could not reach the API, or it answered with something that is not JSON. */
export class UnreachableError extends Error {}

/**
 * One HTTP call with a JSON answer. The token travels in the Authorization header only and
 * never appears in an error; a non-JSON answer or a network failure is an UnreachableError.
 */
export function requestJson(endpoint: Endpoint, path: string, init: { method?: string; body?: unknown } = {}): Promise<HttpAnswer> {
  const url = new URL(path, endpoint.url.endsWith('/') ? endpoint.url : `${endpoint.url}/`);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (endpoint.token) headers.authorization = `Bearer ${endpoint.token}`;
  if (payload !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = send(url, { method: init.method ?? 'GET', headers, timeout: endpoint.timeoutMs ?? 30_000, ...(endpoint.ca ? { ca: endpoint.ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) });
        } catch {
          reject(new UnreachableError(`${url.origin}${url.pathname} answered HTTP ${res.statusCode} with a body that is not JSON`));
        }
      });
      res.on('error', (error) => reject(new UnreachableError(`${url.origin}: ${error.message}`)));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${(endpoint.timeoutMs ?? 30_000) / 1000}s`)));
    req.on('error', (error: NodeJS.ErrnoException) => reject(new UnreachableError(`cannot reach ${url.origin}: ${error.code ?? error.message}`)));
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
