import { requestJson, UnreachableError, type Endpoint } from './http-json.js';

export interface RangeSeries {
  metric: Record<string, string>;
  /** [unix seconds, value as Prometheus writes it] */
  values: Array<[number, string]>;
}

/** Prometheus refused the query (PromQL syntax, unknown function, too many points). */
export class QueryError extends Error {}

/**
 * `GET /api/v1/query_range`. A refused query is a QueryError carrying Prometheus's own
 * message; no answer, or an answer that is not the API's shape, is an UnreachableError.
 */
export async function queryRange(endpoint: Endpoint, query: string, window: { start: Date; end: Date; stepSeconds: number }): Promise<RangeSeries[]> {
  const params = new URLSearchParams({
    query,
    start: (window.start.getTime() / 1000).toFixed(3),
    end: (window.end.getTime() / 1000).toFixed(3),
    step: String(window.stepSeconds),
  });
  const answer = await requestJson(endpoint, `api/v1/query_range?${params.toString()}`);
  const body = answer.body as { status?: string; error?: string; data?: { resultType?: string; result?: RangeSeries[] } } | null;
  if (body?.status === 'error') throw new QueryError(body.error ?? `HTTP ${answer.status}`);
  if (answer.status !== 200 || body?.status !== 'success' || !Array.isArray(body.data?.result)) {
    throw new UnreachableError(`${new URL(endpoint.url).origin} answered HTTP ${answer.status} without a query result`);
  }
  if (body.data.resultType !== 'matrix') throw new QueryError(`expected a range vector (matrix), got ${body.data.resultType}`);
  return body.data.result;
}
