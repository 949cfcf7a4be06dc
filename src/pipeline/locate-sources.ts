import { reportedValues } from '../report/messages.js';
import type { SourceLocator } from '../source/locate-source.js';
import type { Candidate, EnvResources, ResourceOrigin, SourceLocation } from '../types.js';

/**
 * Each candidate with its `source`: the overlay file that introduces the differing value. The
 * environment that holds a one-sided value is tried first, else the later environment of the
 * pair (where a change is promoted to); a file of the environment's own overlay wins over a
 * shared base, and the overlay's kustomization is the fallback. Returns new candidates, in
 * order; one already located is returned as it is.
 */
export function locateSources(candidates: readonly Candidate[], envs: readonly EnvResources[], locator: SourceLocator): Candidate[] {
  const byKey = new Map(envs.map((env) => [`${env.service}\u0000${env.env}`, env]));
  return candidates.map((candidate) => {
    if (candidate.source) return candidate;
    // The side that holds the value first (a value set in one environment only), later env first.
    const order = [...candidate.envs].reverse().sort((a, b) => holds(candidate, b) - holds(candidate, a));
    const sides = order
      .map((env) => byKey.get(`${candidate.service}\u0000${env}`))
      .filter((env): env is EnvResources => env !== undefined);
    const locate = (query: Candidate): SourceLocation | null => (sides.length ? locateIn(query, sides, locator) : null);
    const located: Candidate = { ...candidate, source: locate(candidate) };
    if (candidate.deciding) {
      located.deciding = candidate.deciding.map((field) => ({ ...field, source: locate({ ...candidate, resource: field.resource, segments: field.segments }) }));
    }
    return located;
  });
}

/**
 * The value a side shows, as the finding reports it: a TLS posture reads as its one line
 * (`mtls STRICT`), whose setting (`STRICT`) a values leaf or an overlay line can then be found by.
 */
function valueIn(candidate: Candidate, env: string): unknown {
  return reportedValues(candidate)[env];
}

function holds(candidate: Candidate, env: string): number {
  return valueIn(candidate, env) === undefined ? 0 : 1;
}

function locateIn(candidate: Candidate, sides: EnvResources[], locator: SourceLocator): SourceLocation {
  const found = sides.map((side) => {
    const origin = originIn(candidate, side);
    if (side.overlay.helm) return { side, location: locateHelmSide(candidate, { side, sides, origin }, locator) };
    return {
      side,
      location: locator.find({
        chainFiles: side.chain.files,
        overlayDir: side.overlay.relDir,
        resource: candidate.resource ? { kind: candidate.resource.kind, name: candidate.resource.name } : null,
        segments: candidate.segments,
        value: valueIn(candidate, side.env),
        ...(origin ? { origin } : {}),
      }),
    };
  });
  // Prefer a place that sets the whole path over one that only holds an enclosing object (a
  // container another environment patches), then a file of the environment's own overlay over a
  // shared base, and any match over the fallback.
  const complete = found.filter(({ location }) => location.complete);
  const real = complete.length ? complete : found.filter(({ location }) => location.matched);
  const own = real.find(({ side, location }) => isInside(location.file, side.overlay.relDir));
  const chosen = own ?? real[0] ?? found[0]!;
  const { file, line } = locator.withinBlock(chosen.location, differingLines(candidate, chosen.side.env));
  return line === undefined ? { file } : { file, line };
}

/** The lines of an embedded file that `env` alone has (VALUE_DRIFT between two multi-line values), else none. */
function differingLines(candidate: Candidate, env: string): string[] {
  if (candidate.code !== 'VALUE_DRIFT' || !candidate.args.lines) return [];
  return env === candidate.envs[0] ? candidate.args.lines.left : env === candidate.envs[1] ? candidate.args.lines.right : [];
}

/** A Helm environment: compared with the other sides of the pair (their values tell which keys differ). */
function locateHelmSide(
  candidate: Candidate,
  { side, sides, origin }: { side: EnvResources; sides: EnvResources[]; origin: ResourceOrigin | undefined },
  locator: SourceLocator,
) {
  const others = sides.filter((other) => other !== side).flatMap((other) => (other.overlay.helm ? [other.overlay.helm] : []));
  return locator.findHelm({
    source: side.overlay.helm!,
    others,
    resource: candidate.resource ? { kind: candidate.resource.kind, name: candidate.resource.name } : null,
    segments: candidate.segments,
    value: valueIn(candidate, side.env),
    ...(origin ? { origin } : {}),
  });
}

/** The origin of the candidate's resource in one environment, when it rendered with build metadata. */
function originIn(candidate: Candidate, side: EnvResources): ResourceOrigin | undefined {
  const ref = candidate.resource;
  if (!ref) return undefined;
  return side.resources.find((resource) => resource.kind === ref.kind && resource.apiVersion === ref.apiVersion && resource.name === ref.name)?.origin;
}

function isInside(file: string, dir: string): boolean {
  return file === dir || file.startsWith(`${dir.replace(/\/$/, '')}/`);
}
