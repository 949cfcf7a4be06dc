import type { Allowance, Finding, ResourceRef, ResultError, SourceLocation } from '../types.js';

/** How long a single value may get in a report cell before it is cut. */
const MAX_VALUE_LENGTH = 200;

/**
 * A finding's value in one environment, as report text. Values come only from
 * `finding.values`, where secrets are already `<redacted>`; absent means "not set".
 */
export function describeValue(values: Record<string, unknown>, env: string, max = MAX_VALUE_LENGTH): string {
  if (Object.keys(values).length === 0) return '—';
  if (!Object.hasOwn(values, env) || values[env] === undefined) return '(not set)';
  const value = values[env];
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return cut(text, max);
}

/** `Deployment/payments-service`, or `—` for findings without a resource. */
export function describeResource(resource: ResourceRef | null): string {
  return resource ? `${resource.kind}/${resource.name}` : '—';
}

/** `file:line`, `file`, or `—`. */
export function describeSource(source: SourceLocation | null): string {
  if (!source) return '—';
  return source.line ? `${source.file}:${source.line}` : source.file;
}

/** `rule replicas` or `waiver W-12 (owner team-a, expires 2026-12-31)`. */
export function describeAllowance(allowed: Allowance): string {
  if ('rule' in allowed) return `rule ${allowed.rule}`;
  const owner = allowed.owner ? `owner ${allowed.owner}, ` : '';
  return `waiver ${allowed.waiver} (${owner}expires ${allowed.expires})`;
}

/** `RENDER_FAILED payments-service/production`. */
export function describeErrorScope(error: ResultError): string {
  const scope = [error.service, error.env].filter(Boolean).join('/');
  return scope ? `${error.code} ${scope}` : error.code;
}

/** `apps/x/kustomization.yaml:3`, or nothing when the error names no file. */
export function describeErrorFile(error: ResultError): string | null {
  if (!error.file) return null;
  return error.line ? `${error.file}:${error.line}` : error.file;
}

/** Where in the resource a finding is: its path, or its message when it has none. */
export function describeWhere(finding: Finding): string {
  return finding.path ?? finding.message;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Cuts text to at most `max` UTF-16 code units without splitting a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}
