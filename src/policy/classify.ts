import type { FindingArgs } from '../finding-args.js';
import type { Allowance, AllowRule, Candidate, ClassifiedFinding, Finding, Policy } from '../types.js';
import { findingId } from './finding-id.js';
import { matchesCandidate } from './match-rule.js';
import { expiredWaiverFindings, staleRuleFindings, type Audited } from './policy-findings.js';
import { DEFAULT_SEVERITY, meetsThreshold, type FailOn } from './severity.js';
import { waiveCandidate } from './waivers.js';

export interface ClassifyContext {
  now: Date;
  failOn: FailOn;
  audited: Audited;
}

/**
 * Turns candidates into findings: allow rules first (first match wins), then unexpired
 * waivers; then policy-level findings (ALLOW_STALE, WAIVER_EXPIRED). Sorted deterministically.
 * Each keeps its code's arguments; the report stage words it (`wordFinding`).
 */
export function classify(candidates: readonly Candidate[], policy: Policy, context: ClassifyContext): ClassifiedFinding[] {
  const used = new Set<AllowRule>();
  const withIds = candidates.map((candidate) => ({ candidate, id: findingId(candidate) }));
  const findings = withIds.map(({ candidate, id }) => {
    const rule = policy.allow.find((r) => matchesCandidate(r, candidate));
    if (rule) used.add(rule);
    const allowed: Allowance | null = rule
      ? { rule: rule.id, reason: rule.reason }
      : waiveCandidate(candidate, id, policy.waivers, context.now);
    return toFinding(candidate, id, allowed, context.failOn);
  });
  findings.push(...staleRuleFindings(policy.allow, used, context));
  findings.push(...expiredWaiverFindings(policy.waivers, withIds, context));
  return findings.sort(compareFindings);
}

function toFinding(candidate: Candidate, id: string, allowed: Allowance | null, failOn: FailOn): ClassifiedFinding {
  const severity = DEFAULT_SEVERITY[candidate.code];
  const finding: ClassifiedFinding = {
    id,
    ...codeAndArgs(candidate),
    severity,
    blocking: allowed === null && meetsThreshold(severity, failOn),
    service: candidate.service,
    envs: candidate.envs,
    resource: candidate.resource,
    path: candidate.path,
    values: candidate.values,
    allowed,
    source: candidate.source ?? null,
  };
  if (candidate.deciding?.length) {
    finding.deciding = candidate.deciding.map(({ resource, path, source }) => ({ resource, path, source: source ?? null }));
  }
  return finding;
}

/** The code and its arguments, as one member of the union (destructuring loses their pairing; the candidate holds them paired). */
function codeAndArgs({ code, args }: Candidate): FindingArgs {
  return { code, args } as FindingArgs;
}

/** What findings sort by: a classified finding's fields, or a worded one's. */
type SortKey = Pick<Finding, 'id' | 'code' | 'service' | 'envs' | 'resource' | 'path'>;

/** By service, env pair, resource, path, code (then id, so equal keys still sort stably). */
export function compareFindings(a: SortKey, b: SortKey): number {
  return (
    compare(a.service, b.service) ||
    compare(a.envs.join(','), b.envs.join(',')) ||
    compare(resourceKey(a), resourceKey(b)) ||
    compare(a.path ?? '', b.path ?? '') ||
    compare(a.code, b.code) ||
    compare(a.id, b.id)
  );
}

function resourceKey(finding: SortKey): string {
  return finding.resource ? `${finding.resource.kind}/${finding.resource.name}/${finding.resource.apiVersion}` : '';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
