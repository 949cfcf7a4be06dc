/**
 * Raw GETs against the Kubernetes API through @kubernetes/client-node's own transport (its
 * kubeconfig auth, TLS and agent), returning the server's JSON as is: the typed clients would
 * turn timestamps into Dates and drop fields they do not model, and parity compares raw objects.
 * Every failure becomes one LiveError line: context, call, and what the server said.
 */
import { HttpMethod, type Configuration, type KubeConfig } from '@kubernetes/client-node';
import { LiveError } from '../errors.js';

/** Built by `KubeConfig.makeApiClient`, which wires the current context's server and auth. */
class RawApi {
  constructor(readonly configuration: Configuration) {}
}

export interface Transport {
  context: string;
  server: string;
  /** GET `path`; resolves to the parsed JSON body, or null on 404. */
  getJson(path: string, query?: Record<string, string>): Promise<unknown>;
}

export function createTransport(kc: KubeConfig, context: string, timeoutMs: number): Transport {
  const server = kc.getCurrentCluster()?.server ?? '';
  const { configuration } = kc.makeApiClient(RawApi);
  return {
    context,
    server,
    getJson: async (path, query = {}) => {
      const call = describeCall(path, query);
      const request = configuration.baseServer.makeRequestContext(path, HttpMethod.GET);
      request.setHeaderParam('Accept', 'application/json');
      for (const [key, value] of Object.entries(query)) request.setQueryParam(key, value);
      request.setSignal(AbortSignal.timeout(timeoutMs));
      let status: number;
      let text: string;
      try {
        await configuration.authMethods.default?.applySecurityAuthentication(request);
        const response = await configuration.httpApi.send(request).toPromise();
        status = response.httpStatusCode;
        text = await response.body.text();
      } catch (error) {
        throw new LiveError(`${call}: cannot reach ${server} (context ${context}): ${networkReason(error, timeoutMs)}`);
      }
      if (status === 404) return null;
      if (status < 200 || status > 299) throw new LiveError(`${call} (context ${context}): ${serverSaid(status, text, context)}`);
      return parseBody(text, call, context);
    },
  };
}

function describeCall(path: string, query: Record<string, string>): string {
  const params = Object.entries(query).map(([key, value]) => `${key}=${value}`);
  return `GET ${path}${params.length ? `?${params.join('&')}` : ''}`;
}

function parseBody(text: string, call: string, context: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new LiveError(`${call} (context ${context}): the server answered with something that is not JSON`);
  }
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
}

function serverSaid(status: number, text: string, context: string): string {
  const body = statusBody(text);
  if (status === 401) return `401 Unauthorized — the credential for context ${context} is invalid or expired`;
  const reason = body?.reason ?? (status === 403 ? 'Forbidden' : 'Error');
  const message = body?.message ?? (text.trim().split('\n')[0] || 'no message');
  return `${status} ${reason}: ${message}`;
}

function statusBody(text: string): StatusBody | null {
  try {
    const parsed = JSON.parse(text) as StatusBody;
    return parsed && parsed.kind === 'Status' ? parsed : null;
  } catch {
    return null;
  }
}

/** `connect ECONNREFUSED 127.0.0.1:1234`, `timed out after 30s`, a TLS error, … */
function networkReason(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; message?: string; code?: string; type?: string };
  if (err.name === 'AbortError' || err.type === 'aborted' || err.name === 'TimeoutError') {
    return `timed out after ${Math.round(timeoutMs / 1000)}s`;
  }
  const message = String(err.message ?? error);
  const reason = /reason: (.*)$/s.exec(message)?.[1] ?? message;
  return reason.split('\n')[0]!.trim();
}
