import { scrubText } from '../secrets/scrub-secrets.js';
import type { Candidate, FindingCode } from '../types.js';

/** What every wording function gets: the candidate and the pieces most sentences use. */
interface Words {
  candidate: Candidate;
  d: Record<string, unknown>;
  a: string | undefined;
  b: string | undefined;
  where: string;
  kindName: string;
}

/** One wording per finding code (a `Record` over the union, so a new code cannot be forgotten). */
const WORDINGS: Record<FindingCode, (words: Words) => string> = {
  VALUE_DRIFT: ({ candidate, where }) => describeValueDrift(candidate, where),
  RESOURCE_MISSING: ({ d, a, b, kindName }) =>
    d.overlay ? describeMissingOverlay(d) : `${kindName} exists in ${str(d.presentIn) ?? a} but not in ${str(d.missingIn) ?? b}.`,
  MTLS_MISMATCH: (words) => describeTlsPosture(words),
  MTLS_REQUIRED: ({ d, a }) =>
    d.requires === 'tls'
      ? `${str(d.key) ?? 'An endpoint'} in ${a} calls ${str(d.host)}, which policy declares TLS-only, without TLS.`
      : `${str(d.key) ?? 'An endpoint'} in ${a} calls ${str(d.host)}, which policy declares mTLS-only, without a client certificate.`,
  IMAGE_MISMATCH: ({ candidate, d, a, b, kindName }) =>
    d.gate
      ? `After promotion ${kindName} would run ${str(d.actual)}, not the promoted ${str(d.expected)}.`
      : `Container ${str(d.container) ?? ''} pulls from a different image repository in ${a} and ${b}: ${postures(candidate)}.`,
  CROSS_ENV_REFERENCE: ({ candidate, d, a, where }) =>
    d.imageTag
      ? `${where} in ${a} runs the image tag of environment ${str(d.referencedEnv)}: ${str(valueIn(candidate, a)) ?? ''}.`
      : `${where} in ${a} names environment ${str(d.referencedEnv)}: ${str(valueIn(candidate, a)) ?? ''}.`,
  SECRET_DRIFT: ({ candidate, d, a, b }) =>
    `Secret ${candidate.resource?.name ?? ''} holds different keys in ${a} and ${b}${onlyIn(d)}; values are not shown.`,
  SECRET_REUSED: ({ d, a, b, where }) =>
    `${where} holds the same secret value in ${a} and ${b}${d.reason ? ` (a credential: ${str(d.reason)})` : ''}; each environment should have its own.`,
  ALLOW_STALE: ({ d }) => `Allow rule ${str(d.rule)} matched no difference; remove it or fix its scope.`,
  WAIVER_EXPIRED: ({ d }) =>
    `Waiver ${str(d.waiver) ?? ''} expired on ${str(d.expires)}${d.owner ? ` (owner ${str(d.owner)})` : ''}; renew or fix the finding.`,
  LIVE_DRIFT: ({ d, where, kindName }) => `${where} of ${kindName} in the cluster differs from the repo${managerNote(d)}.`,
  LIVE_MISSING: ({ d, kindName }) => `${kindName} is in the repo but not in the cluster${d.context ? ` (context ${str(d.context)})` : ''}.`,
};

/**
 * The one place findings get their human wording. Candidates carry a code, values per
 * environment and `detail` arguments; this turns them into one sentence.
 */
export function formatMessage(candidate: Candidate): string {
  const [a, b] = candidate.envs;
  return WORDINGS[candidate.code]({
    candidate,
    d: candidate.detail ?? {},
    a,
    b,
    where: candidate.path ? `\`${candidate.path}\`` : 'the resource',
    kindName: candidate.resource ? `${candidate.resource.kind} ${candidate.resource.name}` : 'a resource',
  });
}

/** The wording of a TLS posture difference, by what kind of posture the rule found. */
function describeTlsPosture({ candidate, d, a, b, where, kindName }: Words): string {
  if (d.endpoint) return `TLS posture for endpoint ${str(d.endpoint)} differs between ${a} and ${b}: ${postures(candidate)}.`;
  if (isRecord(d.namespace)) {
    const aspect = NAMESPACE_ASPECTS[str(d.namespace.aspect) ?? ''] ?? 'the security posture';
    return `${kindName} sets ${str(d.namespace.key)} to ${settings(candidate)}: ${aspect} of its pods differs${workloadsNote(d)}.`;
  }
  if (d.certificate) {
    return `Container ${str(d.container)} presents a client certificate in ${str(d.presentIn)} but not in ${str(d.missingIn)} (${where} of ${kindName}).`;
  }
  if (d.edge) return describeEdge({ candidate, d, a, b, where, kindName });
  const decided = candidate.path ? `; decided by ${where} of ${kindName}` : '';
  return `Inbound mTLS posture of ${workloadsOf(d) ?? kindName} differs between ${a} and ${b}: ${postures(candidate)}${decided}.`;
}

function describeEdge({ candidate, d, a, b, where, kindName }: Words): string {
  if (d.edge === 'ingress tls' && d.presentIn) {
    return `${kindName} terminates TLS in ${str(d.presentIn)} (${where}) and has no counterpart in ${str(d.missingIn)}: TLS at the edge differs.`;
  }
  if (d.presentIn) return `${kindName} exists in ${str(d.presentIn)} but not in ${str(d.missingIn)}: TLS to the backends differs.`;
  return `TLS at the edge (${str(d.edge)}) of ${kindName} differs between ${a} and ${b} at ${where}: ${postures(candidate)}.`;
}

const NAMESPACE_ASPECTS: Record<string, string> = {
  istio: 'Istio sidecar injection',
  linkerd: 'Linkerd proxy injection',
  'pod-security': 'Pod Security admission',
};

/** `"enabled" in dev and nothing in production`. */
function settings(candidate: Candidate): string {
  return candidate.envs
    .map((env) => {
      const value = candidate.values[env];
      return value === null || value === undefined ? `nothing in ${env}` : `${show(value)} in ${env}`;
    })
    .join(' and ');
}

function workloadsOf(detail: Record<string, unknown>): string | undefined {
  const workloads = detail.workloads;
  return Array.isArray(workloads) && workloads.length > 0 ? workloads.map(String).join(', ') : undefined;
}

function workloadsNote(detail: Record<string, unknown>): string {
  const workloads = workloadsOf(detail);
  return workloads ? ` (${workloads})` : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A whole environment missing from a service: no overlay at all, or an overlay that renders nothing. */
function describeMissingOverlay(d: Record<string, unknown>): string {
  const [service, env, present] = [str(d.service), str(d.missingIn), str(d.presentIn)];
  return d.overlay === 'empty'
    ? `The ${env} overlay of service ${service} renders no resources, while ${present} renders some.`
    : `Service ${service} has no overlay for ${env} (it has ${present}), while other services do; add one, or leave ${env} out of the service's envs in parity.config.yaml.`;
}

/** The candidate's value in `env`; none when the candidate names no such environment. */
function valueIn(candidate: Candidate, env: string | undefined): unknown {
  return env === undefined ? undefined : candidate.values[env];
}

function describeValueDrift(candidate: Candidate, where: string): string {
  const [a, b] = candidate.envs;
  const left = valueIn(candidate, a);
  const right = valueIn(candidate, b);
  if (left === undefined) return `${where} is set only in ${b} (${showItem(right)}).`;
  if (right === undefined) return `${where} is set only in ${a} (${showItem(left)}).`;
  if (a !== undefined && b !== undefined && isMultiline(left) && isMultiline(right)) return `${where} differs by line: ${lineChanges(a, left, b, right)}.`;
  return `${where} differs: ${a} has ${show(left)}, ${b} has ${show(right)}.`;
}

export function isMultiline(value: unknown): value is string {
  return typeof value === 'string' && value.includes('\n');
}

/** The lines one side has and the other lacks, a few of each: embedded config files read better so. */
function lineChanges(a: string, left: string, b: string, right: string): string {
  const leftLines = new Set(left.split('\n').map((line) => line.trimEnd()));
  const rightLines = new Set(right.split('\n').map((line) => line.trimEnd()));
  const onlyLeft = [...leftLines].filter((line) => line !== '' && !rightLines.has(line));
  const onlyRight = [...rightLines].filter((line) => line !== '' && !leftLines.has(line));
  const parts = [];
  if (onlyLeft.length) parts.push(`only in ${a}: ${someLines(onlyLeft)}`);
  if (onlyRight.length) parts.push(`only in ${b}: ${someLines(onlyRight)}`);
  return parts.join('; ') || 'whitespace or line order only';
}

function someLines(lines: string[]): string {
  const shown = lines.slice(0, 3).map((line) => show(line)).join(', ');
  return lines.length > 3 ? `${shown} and ${lines.length - 3} more` : shown;
}

/** An env var item reads as `NAME=value`; anything else as its JSON. */
function showItem(value: unknown): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const item = value as Record<string, unknown>;
    const keys = Object.keys(item);
    if (typeof item.name === 'string' && typeof item.value === 'string' && keys.length === 2) {
      return show(`${item.name}=${item.value}`);
    }
  }
  return show(value);
}

function postures(candidate: Candidate): string {
  return candidate.envs.map((env) => `${env} ${show(candidate.values[env])}`).join(' vs ');
}

function onlyIn(detail: Record<string, unknown>): string {
  const only = detail.onlyIn;
  if (typeof only !== 'object' || only === null) return '';
  const parts = Object.entries(only as Record<string, string[]>)
    .filter(([, keys]) => keys.length > 0)
    .map(([env, keys]) => `${keys.join(', ')} only in ${env}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

function managerNote(detail: Record<string, unknown>): string {
  if (!detail.manager) return '';
  const time = detail.time ? ` at ${str(detail.time)}` : '';
  const op = detail.operation ? ` (${str(detail.operation)})` : '';
  return `; last changed by ${str(detail.manager)}${op}${time}`;
}

/** A short rendering of a value for a sentence, scrubbed of secrets before it is shortened. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const safe = scrubText(value);
    return JSON.stringify(safe.length > 80 ? `${safe.slice(0, 77)}...` : safe);
  }
  const json = scrubText(JSON.stringify(value));
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function str(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return String(value);
}
