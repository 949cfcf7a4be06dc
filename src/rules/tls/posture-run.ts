import { formatPath } from '../../diff/path.js';
import type { MtlsMismatchArgs } from '../../finding-args.js';
import type { Candidate, NormalizedResource } from '../../types.js';

/** An MTLS_MISMATCH candidate. */
type PostureCandidate = Extract<Candidate, { code: 'MTLS_MISMATCH' }>;
import { resourceRef, type PairScope } from '../candidate.js';
import type { ClaimResolver } from './claim-resolver.js';
import type { DecidingField } from './types.js';

/** The MTLS_MISMATCH candidates of one env pair, one per deciding field, and the differences they claim. */
export interface PostureRun {
  scope: PairScope;
  claims: ClaimResolver;
  candidates: PostureCandidate[];
  /** `pairKey + "\0" + path` of every difference an MTLS_MISMATCH speaks for. */
  claimed: Set<string>;
  /** Keys of pairs with one side only that an MTLS_MISMATCH speaks for (no RESOURCE_MISSING then). */
  claimedMissing: Set<string>;
}

export interface PostureCandidateInput {
  /** The deciding fields, the first one the finding's own resource and path. */
  fields: DecidingField[];
  /** The resource to name when no field decides (e.g. a workload whose posture nothing sets). */
  fallback?: NormalizedResource;
  values: Record<string, unknown>;
  args: MtlsMismatchArgs;
  /** The workload whose posture this is, `Kind/name`; collected when several share one deciding field. */
  workload?: string;
}

/**
 * Adds an MTLS_MISMATCH naming its deciding field; a second posture decided by the same field
 * (several workloads under one Namespace label) only adds its workload to the first.
 */
export function addPostureCandidate(run: PostureRun, input: PostureCandidateInput): void {
  const fields = uniqueFields(input.fields);
  const [primary, ...rest] = fields;
  const resource = primary?.resource ?? input.fallback;
  const path = primary ? formatPath(primary.segments) : null;
  const same = run.candidates.find((c) => c.path === path && c.resource?.kind === resource?.kind && c.resource?.name === resource?.name);
  if (same) {
    addWorkload(same, input.workload);
    return;
  }
  const candidate: PostureCandidate = {
    code: 'MTLS_MISMATCH',
    service: run.scope.service,
    envs: [run.scope.leftEnv, run.scope.rightEnv],
    resource: resource ? resourceRef(resource) : null,
    path,
    segments: primary ? primary.segments : [],
    values: input.values,
    args: { ...input.args },
    source: null,
  };
  addWorkload(candidate, input.workload);
  if (rest.length > 0) {
    candidate.deciding = rest.map((field) => ({ resource: resourceRef(field.resource), path: formatPath(field.segments), segments: field.segments }));
  }
  run.candidates.push(candidate);
}

function addWorkload(candidate: PostureCandidate, workload: string | undefined): void {
  if (workload === undefined) return;
  const workloads = candidate.args.workloads ?? [];
  if (!workloads.includes(workload)) candidate.args.workloads = [...workloads, workload].sort();
}

function uniqueFields(fields: DecidingField[]): DecidingField[] {
  const seen = new Set<string>();
  return fields.filter((field) => {
    const id = `${field.resource.key}\u0000${formatPath(field.segments)}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export function workloadName(resource: NormalizedResource): string {
  return `${resource.kind}/${resource.name}`;
}
