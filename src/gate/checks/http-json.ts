import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isDeadlineError, withDeadline } from '../../live/deadline.js';

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

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * One HTTP call with a JSON answer. The token travels in the Authorization header only and
 * never appears in an error; a non-JSON answer, a network failure, a body cut half-way or no
 * complete answer within the deadline (which keeps the process alive until it fires) is an
 * UnreachableError.
 */
export function requestJson(endpoint: Endpoint, path: string, init: { method?: string; body?: unknown } = {}): Promise<HttpAnswer> {
  const timeoutMs = endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return withDeadline(timeoutMs, (signal) => send(endpoint, path, init, signal)).catch((error: unknown) => {
    // send() reports every network failure as an UnreachableError; what else can end it is the
    // deadline. Anything else is a bug and propagates as it is.
    if (!isDeadlineError(error)) throw error;
    throw new UnreachableError(`no complete answer from ${endpoint.url} within ${timeoutMs / 1000}s`);
  });
}

function send(endpoint: Endpoint, path: string, init: { method?: string; body?: unknown }, signal: AbortSignal): Promise<HttpAnswer> {
  const url = new URL(path, endpoint.url.endsWith('/') ? endpoint.url : `${endpoint.url}/`);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (endpoint.token) headers.authorization = `Bearer ${endpoint.token}`;
  if (payload !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers, signal, ...(endpoint.ca ? { ca: endpoint.ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) });
        } catch {
          // SyntaxError: the body is not JSON.
          reject(new UnreachableError(`${url.origin}${url.pathname} answered HTTP ${res.statusCode} with a body that is not JSON`));
        }
      });
      res.on('error', (error) => reject(new UnreachableError(`${url.origin}: ${error.message}`)));
      res.on('aborted', () => reject(new UnreachableError(`${url.origin}${url.pathname}: the connection closed before the answer was complete`)));
    });
    req.on('error', (error: NodeJS.ErrnoException) => reject(new UnreachableError(`cannot reach ${url.origin}: ${error.code ?? error.message}`)));
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
