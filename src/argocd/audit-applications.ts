/**
 * Argo CD parity: the Applications of one service should deploy the same repo and base path,
 * with the same sync behaviour, in every environment. A difference (selfHeal off in production,
 * a pinned targetRevision, a missing retry) is a VALUE_DRIFT candidate on the Application;
 * policy decides which are allowed.
 */
import { formatPath } from '../diff/path.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { redactValueAt } from '../secrets/redact.js';
import type { Candidate } from '../types.js';
import type { Application } from './application.js';
import type { MappedApplication } from './map-applications.js';

interface Side {
  env: string;
  app: Application;
}

interface FieldDifference {
  segments: string[];
  left: unknown;
  right: unknown;
}

export function auditApplications(mapped: readonly MappedApplication[], pairs: ReadonlyArray<readonly [string, string]>): Candidate[] {
  const byService = new Map<string, Map<string, Application>>();
  for (const { service, env, app } of mapped) {
    const envs = byService.get(service) ?? new Map<string, Application>();
    if (!envs.has(env)) envs.set(env, app);
    byService.set(service, envs);
  }
  const out: Candidate[] = [];
  for (const [service, envs] of [...byService].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [a, b] of pairs) {
      const left = envs.get(a);
      const right = envs.get(b);
      if (!left || !right) continue;
      const sides = { left: { env: a, app: left }, right: { env: b, app: right } };
      out.push(...compareApplications(sides.left, sides.right).map((d) => candidate(service, sides.left, sides.right, d)));
    }
  }
  return out;
}

function compareApplications(left: Side, right: Side): FieldDifference[] {
  const out: FieldDifference[] = [];
  const field = (segments: string[], l: unknown, r: unknown, same: (x: unknown, y: unknown) => boolean = equalJson) => {
    if (!same(l, r)) out.push({ segments, left: l, right: r });
  };
  const ls = left.app.source;
  const rs = right.app.source;
  field(['spec', 'source', 'repoURL'], ls.repoURL, rs.repoURL, (x, y) => normalizeRepo(x) === normalizeRepo(y));
  field(['spec', 'source', 'path'], ls.path, rs.path, (x, y) => tokenize(x, left.env) === tokenize(y, right.env));
  field(['spec', 'source', 'chart'], ls.chart, rs.chart);
  field(['spec', 'source', 'targetRevision'], ls.targetRevision ?? 'HEAD', rs.targetRevision ?? 'HEAD');
  out.push(...compareSyncPolicy(left.app.syncPolicy ?? {}, right.app.syncPolicy ?? {}));
  return out;
}

function compareSyncPolicy(left: Record<string, unknown>, right: Record<string, unknown>): FieldDifference[] {
  const out: FieldDifference[] = [];
  const base = ['spec', 'syncPolicy'];
  const la = left.automated;
  const ra = right.automated;
  if (isPlainObject(la) !== isPlainObject(ra)) {
    out.push({ segments: [...base, 'automated'], left: la ?? null, right: ra ?? null });
  } else if (isPlainObject(la) && isPlainObject(ra)) {
    for (const flag of ['prune', 'selfHeal', 'allowEmpty']) {
      // Argo CD treats an absent flag as false.
      const l = la[flag] ?? false;
      const r = ra[flag] ?? false;
      if (l !== r) out.push({ segments: [...base, 'automated', flag], left: l, right: r });
    }
  }
  out.push(...compareLeaves([...base, 'retry'], left.retry, right.retry));
  const lo = syncOptions(left.syncOptions);
  const ro = syncOptions(right.syncOptions);
  if (!equalJson(lo, ro)) out.push({ segments: [...base, 'syncOptions'], left: lo, right: ro });
  return out;
}

/** Field by field when both sides hold a map; otherwise the whole value. */
function compareLeaves(segments: string[], left: unknown, right: unknown): FieldDifference[] {
  if (isPlainObject(left) && isPlainObject(right)) {
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
    return keys.flatMap((key) => compareLeaves([...segments, key], left[key], right[key]));
  }
  return equalJson(left ?? null, right ?? null) ? [] : [{ segments, left, right }];
}

function syncOptions(value: unknown): string[] {
  return (Array.isArray(value) ? value.map(String) : []).sort();
}

function equalJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function normalizeRepo(value: unknown): string {
  return String(value ?? '').trim().replace(/\/+$/, '').replace(/\.git$/, '').toLowerCase();
}

/** The environment's name as a whole path token becomes `{env}`: `apps/x/overlays/{env}`. */
function tokenize(value: unknown, env: string): string {
  if (typeof value !== 'string') return '';
  const escaped = env.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return value.replace(new RegExp(`(^|[/._-])${escaped}(?=$|[/._-])`, 'g'), '$1{env}').replace(/\/+$/, '');
}

function candidate(service: string, left: Side, right: Side, difference: FieldDifference): Candidate {
  const path = formatPath(difference.segments);
  const values: Record<string, unknown> = {};
  // Application fields carry credentials too (`repoURL: https://user:token@…`, Helm parameters).
  if (difference.left !== undefined) values[left.env] = redactValueAt('Application', difference.segments, difference.left);
  if (difference.right !== undefined) values[right.env] = redactValueAt('Application', difference.segments, difference.right);
  const line = lineFor(right.app, difference.segments);
  return {
    code: 'VALUE_DRIFT',
    service,
    envs: [left.env, right.env],
    resource: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', name: service },
    path,
    segments: difference.segments,
    values,
    args: { applications: { [left.env]: left.app.name, [right.env]: right.app.name } },
    source: line ? { file: right.app.file, line } : { file: right.app.file },
  };
}

/** The line of the field in the right-hand Application, or of its nearest recorded parent. */
function lineFor(app: Application, segments: string[]): number | undefined {
  for (let n = segments.length; n > 0; n -= 1) {
    const line = app.lines[segments.slice(0, n).join('.')];
    if (line) return line;
  }
  return app.line;
}
