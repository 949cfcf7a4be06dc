import type { FindingArgs } from '../finding-args.js';
import type { AllowRule, Candidate, ClassifiedFinding, Waiver } from '../types.js';
import { findingId } from './finding-id.js';
import { anyGlob, pairCovers, type MatchSpec } from './match-rule.js';
import { DEFAULT_POLICY_LABEL } from './policy-entries.js';
import { meetsThreshold, DEFAULT_SEVERITY, type FailOn } from './severity.js';
import { isExpired, waiverLabel, waiverMatches } from './waivers.js';

export interface Audited {
  services: string[];
  pairs: Array<[string, string]>;
}

export interface PolicyFindingContext {
  now: Date;
  failOn: FailOn;
  audited: Audited;
}

/** ALLOW_STALE for each repo allow rule that matched nothing although its scope was audited. */
export function staleRuleFindings(rules: readonly AllowRule[], used: ReadonlySet<AllowRule>, context: PolicyFindingContext): ClassifiedFinding[] {
  return rules
    .filter((rule) => !used.has(rule) && rule.declared.file !== DEFAULT_POLICY_LABEL && scopeAudited(rule, context.audited))
    .map((rule) =>
      policyFinding({ code: 'ALLOW_STALE', args: { rule: rule.id } }, { service: scopedService(rule), key: `allow:${rule.id}` }, rule, context),
    );
}

/**
 * WAIVER_EXPIRED for each expired waiver, matched or not: by id always, by match when its
 * scope was audited. A waiver by id names the service of the finding it matched, if any.
 */
export function expiredWaiverFindings(
  waivers: readonly Waiver[],
  matched: ReadonlyArray<{ candidate: Candidate; id: string }>,
  context: PolicyFindingContext,
): ClassifiedFinding[] {
  return waivers
    .filter((waiver) => isExpired(waiver, context.now))
    .filter((waiver) => typeof waiver.finding === 'string' || scopeAudited(waiver.finding, context.audited))
    .map((waiver) => {
      const hit = matched.find(({ candidate, id }) => waiverMatches(waiver, candidate, id));
      const service = typeof waiver.finding === 'string' ? (hit?.candidate.service ?? '*') : scopedService(waiver.finding);
      const key = `waiver:${typeof waiver.finding === 'string' ? waiver.finding : JSON.stringify(waiver.finding)}`;
      const args = { waiver: waiverLabel(waiver), expires: waiver.expires, owner: waiver.owner };
      return policyFinding({ code: 'WAIVER_EXPIRED', args }, { service, key }, waiver, context);
    });
}

interface PolicyFindingScope {
  service: string;
  /** What the finding is about (the rule or waiver), hashed into its id in place of a path. */
  key: string;
}

function policyFinding(
  finding: Extract<FindingArgs, { code: 'ALLOW_STALE' | 'WAIVER_EXPIRED' }>,
  { service, key }: PolicyFindingScope,
  entry: AllowRule | Waiver,
  context: PolicyFindingContext,
): ClassifiedFinding {
  const severity = DEFAULT_SEVERITY[finding.code];
  return {
    id: findingId({ code: finding.code, service, envs: [], resource: null, path: key }),
    ...finding,
    severity,
    blocking: meetsThreshold(severity, context.failOn),
    service,
    envs: [],
    resource: null,
    path: null,
    values: {},
    allowed: null,
    source: { ...entry.declared },
  };
}

/** Whether a rule's services and pairs overlap what this run compared. */
function scopeAudited(match: MatchSpec, audited: Audited): boolean {
  const services = !match.services || audited.services.some((service) => anyGlob(match.services!, service));
  const pairs = audited.pairs.some((pair) => !match.pairs || match.pairs.some((spec) => pairCovers(spec, pair)));
  return services && pairs;
}

/** A rule scoped to exactly one service (no glob) is about that service; anything else is `*`. */
function scopedService(match: MatchSpec): string {
  const only = match.services?.length === 1 ? match.services[0]! : '*';
  return /[*?[\]{}()!]/.test(only) ? '*' : only;
}
