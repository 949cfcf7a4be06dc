import { formatMessage } from '../report/messages.js';
import type { Allowance, AllowRule, Candidate, Finding, Policy } from '../types.js';
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
 */
export function classify(candidates: readonly Candidate[], policy: Policy, context: ClassifyContext): Finding[] {
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

function toFinding(candidate: Candidate, id: string, allowed: Allowance | null, failOn: FailOn): Finding {
  const severity = DEFAULT_SEVERITY[candidate.code];
  const finding: Finding = {
    id,
    code: candidate.code,
    severity,
    blocking: allowed === null && meetsThreshold(severity, failOn),
    service: candidate.service,
    envs: candidate.envs,
    resource: candidate.resource,
    path: candidate.path,
    values: candidate.values,
    message: formatMessage(candidate),
    allowed,
    source: candidate.source ?? null,
  };
  if (candidate.deciding?.length) {
    finding.deciding = candidate.deciding.map(({ resource, path, source }) => ({ resource, path, source: source ?? null }));
  }
  return finding;
}

/** By service, env pair, resource, path, code (then id, so equal keys still sort stably). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compare(a.service, b.service) ||
    compare(a.envs.join(','), b.envs.join(',')) ||
    compare(resourceKey(a), resourceKey(b)) ||
    compare(a.path ?? '', b.path ?? '') ||
    compare(a.code, b.code) ||
    compare(a.id, b.id)
  );
}

function resourceKey(finding: Finding): string {
  return finding.resource ? `${finding.resource.kind}/${finding.resource.name}/${finding.resource.apiVersion}` : '';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
