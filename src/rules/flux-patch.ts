import { parse } from 'yaml';
import { formatPath } from '../diff/path.js';
import type { Candidate, Difference, NormalizedResource, ResourceRef } from '../types.js';
import { makeCandidate, pairValues, resourceRef, type PairScope } from './candidate.js';

/**
 * A Flux Kustomization's inline patch is a YAML string (`spec.patches[i].patch`) that sets
 * fields of objects rendered elsewhere. When two environments' patches hold the same JSON 6902
 * operations and only the values differ, each differing value is judged as the field it sets
 * on the patch's target (`ClusterIssuer/letsencrypt spec.acme.server`), so allow rules and the
 * reader see the real field; the Kustomization's patch is the deciding field, cited at its line.
 * Null when the patches differ in any other way (then the whole string is VALUE_DRIFT), or when
 * a differing value changes a URL's scheme (TLS posture is never judged as an endpoint).
 */
export function fluxPatchCandidates(scope: PairScope, resource: NormalizedResource, diff: Difference): Candidate[] | null {
  if (!isFluxPatchText(resource, diff) || typeof diff.left !== 'string' || typeof diff.right !== 'string') return null;
  const target = patchTarget(resource, diff.segments[2]!);
  const left = readOperations(diff.left);
  const right = readOperations(diff.right);
  if (!target || !left || !right || !sameOperations(left, right)) return null;
  const changed = left.flatMap((op, i) => {
    const other = right[i];
    return other && JSON.stringify(op.value) !== JSON.stringify(other.value) ? [[op, other] as const] : [];
  });
  if (changed.length === 0 || changed.some(([a, b]) => schemeChanges(a.value, b.value))) return null;
  const deciding = { resource: resourceRef(resource), path: formatPath(diff.segments), segments: diff.segments };
  return changed.map(([a, b]) => {
    const segments = pointerSegments(a.path);
    const candidate = makeCandidate({ code: 'VALUE_DRIFT', service: scope.service, envs: [scope.leftEnv, scope.rightEnv], resource: undefined, segments, values: pairValues(scope, a.value, b.value), args: {} });
    return { ...candidate, resource: target, deciding: [deciding] };
  });
}

interface Operation {
  op: string;
  path: string;
  value?: unknown;
}

function isFluxPatchText(resource: NormalizedResource, diff: Difference): boolean {
  const [spec, patches, item, patch] = diff.segments;
  return resource.group === 'kustomize.toolkit.fluxcd.io' && resource.kind === 'Kustomization' && diff.change === 'changed'
    && diff.segments.length === 4 && spec === 'spec' && patches === 'patches' && /^\[\d+\]$/.test(item ?? '') && patch === 'patch';
}

/** The patch's target as a resource reference; null unless it names a kind and a name. */
function patchTarget(resource: NormalizedResource, item: string): ResourceRef | null {
  const patches = (resource.object.spec as { patches?: unknown } | undefined)?.patches;
  const entry = Array.isArray(patches) ? (patches[Number(item.slice(1, -1))] as { target?: Record<string, unknown> } | undefined) : undefined;
  const target = entry?.target;
  if (typeof target?.kind !== 'string' || typeof target.name !== 'string') return null;
  const group = typeof target.group === 'string' ? target.group : '';
  const version = typeof target.version === 'string' ? target.version : '';
  return { apiVersion: group && version ? `${group}/${version}` : version || group, kind: target.kind, name: target.name };
}

/** JSON 6902 operations, or null when the text is anything else (a strategic merge patch, invalid YAML). */
function readOperations(text: string): Operation[] | null {
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 0 });
  } catch (error) {
    // YAMLParseError, or the ReferenceError yaml throws for an alias (maxAliasCount 0): no operations to read.
    if (error instanceof Error) return null;
    throw error;
  }
  if (!Array.isArray(value) || value.length === 0) return null;
  const ops = value.filter((op): op is Operation => typeof op?.op === 'string' && typeof op?.path === 'string' && op.path.startsWith('/'));
  return ops.length === value.length ? ops : null;
}

function sameOperations(left: Operation[], right: Operation[]): boolean {
  return left.length === right.length && left.every((op, i) => {
    const other = right[i];
    return other !== undefined && op.op === other.op && op.path === other.path && ('value' in op) === ('value' in other);
  });
}

/** `/spec/containers/0/env` → `spec`, `containers`, `[0]`, `env` (`~1` is `/`, `~0` is `~`). */
function pointerSegments(pointer: string): string[] {
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : part));
}

function schemeChanges(left: unknown, right: unknown): boolean {
  const scheme = (value: unknown): string | null => (typeof value === 'string' ? (/^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase() ?? null) : null);
  return scheme(left) !== scheme(right);
}
