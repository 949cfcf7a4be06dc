/**
 * Argo CD's `spec.ignoreDifferences` of an Application, as `parity drift` honours it: rules
 * matched by group/kind (globs), name and namespace, ignoring the fields their `jsonPointers`
 * and `jqPathExpressions` reach in the desired or live object, and the fields owned by their
 * `managedFieldsManagers` in the live object. Read and checked before any API call; an
 * expression outside the supported subset fails closed, naming it.
 */
import picomatch from 'picomatch';
import type { Application } from '../argocd/application.js';
import { ConfigError } from '../errors.js';
import { ownedByManagers } from '../live/managed-fields.js';
import { listItemSegments } from '../match/list-keys.js';
import { isPlainObject } from '../util/is-plain-object.js';
import type { K8sObject } from '../types.js';
import { evaluateJqPath, parseJqPath, type JqProgram, type PathKey } from './jq-path.js';

export interface IgnoreRule {
  group: string;
  kind: string;
  name?: string;
  namespace?: string;
  /** Unescaped JSON pointer tokens (`/spec/replicas` → `['spec', 'replicas']`). */
  pointers: string[][];
  programs: JqProgram[];
  managers: string[];
}

/** Whether a difference at these canonical segments is one Argo CD ignores. */
export type IgnoredAt = (segments: readonly string[]) => boolean;

export function readIgnoreDifferences(app: Application): IgnoreRule[] {
  const spec = isPlainObject(app.manifest.spec) ? app.manifest.spec : {};
  const entries = spec.ignoreDifferences ?? [];
  const fail = (message: string) => new ConfigError(`Application ${app.name}: ${message}`, app.line ? { file: app.file, line: app.line } : { file: app.file });
  if (!Array.isArray(entries)) throw fail('spec.ignoreDifferences must be a list');
  return entries.map((entry, i) => {
    if (!isPlainObject(entry) || typeof entry.kind !== 'string') throw fail(`spec.ignoreDifferences[${i}] has no kind`);
    return {
      group: typeof entry.group === 'string' ? entry.group : '',
      kind: entry.kind,
      ...(typeof entry.name === 'string' && entry.name !== '' ? { name: entry.name } : {}),
      ...(typeof entry.namespace === 'string' && entry.namespace !== '' ? { namespace: entry.namespace } : {}),
      pointers: strings(entry.jsonPointers).map((pointer) => parsePointer(pointer, () => fail(`jsonPointer '${pointer}' is not a JSON pointer to a field (/spec/replicas)`))),
      programs: strings(entry.jqPathExpressions).map((expression) => nonEmpty(parseJqPath(expression)) ?? unsupported(expression, fail)),
      managers: strings(entry.managedFieldsManagers),
    };
  });
}

function unsupported(expression: string, fail: (message: string) => ConfigError): never {
  throw fail(`jqPathExpression '${expression}' is not supported by parity (supported: .a.b, .a["k"], .a[N], .a[], .a[]?, | select(.k == "v"))`);
}

/** `.` alone would ignore the whole object: refused like any unsupported form. */
function nonEmpty(program: JqProgram | null): JqProgram | null {
  return program && program.length > 0 ? program : null;
}

function strings(value: unknown): string[] {
  return (Array.isArray(value) ? value : []).map(String);
}

/** RFC 6901: `/a~1b/c~0d` → `['a/b', 'c~d']`. */
function parsePointer(pointer: string, fail: () => ConfigError): string[] {
  if (!pointer.startsWith('/') || pointer === '/') throw fail();
  return pointer.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The rules that apply to this object, as one predicate over difference paths; null when none apply. */
export function ignoredFor(rules: readonly IgnoreRule[], desired: K8sObject, live: K8sObject): IgnoredAt | null {
  const applying = rules.filter((rule) => applies(rule, live));
  if (applying.length === 0) return null;
  const paths = applying.flatMap((rule) => [desired, live].flatMap((object) => pathsOf(rule, object)));
  const managers = applying.flatMap((rule) => rule.managers);
  return (segments) => paths.some((path) => isPrefix(path, segments)) || (managers.length > 0 && ownedByManagers(live, segments, managers));
}

function applies(rule: IgnoreRule, object: K8sObject): boolean {
  const group = object.apiVersion.includes('/') ? object.apiVersion.slice(0, object.apiVersion.indexOf('/')) : '';
  return (
    globMatches(rule.group, group) &&
    globMatches(rule.kind, object.kind) &&
    (rule.name === undefined || rule.name === object.metadata.name) &&
    (rule.namespace === undefined || rule.namespace === object.metadata.namespace)
  );
}

function globMatches(pattern: string, value: string): boolean {
  return pattern.includes('*') ? picomatch.isMatch(value, pattern) : pattern === value;
}

/** The canonical segments of every field a rule's pointers and expressions reach in `object`. */
function pathsOf(rule: IgnoreRule, object: K8sObject): string[][] {
  const concrete = [...rule.pointers.map((tokens) => pointerPath(object, tokens)), ...rule.programs.flatMap((program) => evaluateJqPath(program, object))];
  return concrete.map((path) => canonicalSegments(object, path));
}

/** Pointer tokens with list positions as numbers where the object holds a list. */
function pointerPath(object: unknown, tokens: readonly string[]): PathKey[] {
  const out: PathKey[] = [];
  let node = object;
  for (const token of tokens) {
    const key: PathKey = Array.isArray(node) && /^\d+$/.test(token) ? Number(token) : token;
    out.push(key);
    node = Array.isArray(node) && typeof key === 'number' ? node[key] : isPlainObject(node) ? node[token] : undefined;
  }
  return out;
}

/** `['spec', 'containers', 0, 'image']` → `['spec', 'containers', '[name=app]', 'image']`, as parity's diff names it. */
export function canonicalSegments(object: unknown, path: readonly PathKey[]): string[] {
  const out: string[] = [];
  let node = object;
  let field = '';
  for (const key of path) {
    if (typeof key === 'number' && Array.isArray(node)) {
      out.push(listItemSegments(field, node)?.[key] ?? `[${key}]`);
      node = node[key];
    } else {
      out.push(String(key));
      field = String(key);
      node = isPlainObject(node) ? node[key] : undefined;
    }
  }
  return out;
}

function isPrefix(prefix: readonly string[], segments: readonly string[]): boolean {
  return prefix.length <= segments.length && prefix.every((segment, i) => segments[i] === segment);
}
