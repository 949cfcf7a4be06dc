import type { AllowRule, Declared, FindingCode, Waiver } from '../types.js';
import type { AllowRuleInput, WaiverInput } from './policy-schema.js';

export type Located = Declared;

/** How the shipped default policy is named in findings, errors and `Policy.files`. */
export const DEFAULT_POLICY_LABEL = '<default>/policies/default.yaml';

type MatchInput = Omit<AllowRuleInput, 'id' | 'reason'>;
type Match = Omit<AllowRule, 'id' | 'reason' | 'declared'>;

/** Policy entries as validated → the shapes classification works on (absent fields left out). */
export function toAllowRule(input: AllowRuleInput, declared: Declared): AllowRule {
  const { id, reason, ...match } = input;
  return { id, reason, ...toMatch(match), declared };
}

export function toWaiver(input: WaiverInput, declared: Declared): Waiver {
  const finding = typeof input.finding === 'string' ? input.finding : toMatch(input.finding);
  return { finding, reason: input.reason, owner: input.owner, expires: input.expires, declared };
}

function toMatch(input: MatchInput): Match {
  const match: Match = {};
  if (input.kinds) match.kinds = input.kinds;
  if (input.names) match.names = input.names;
  if (input.paths) match.paths = input.paths;
  if (input.pairs) match.pairs = input.pairs;
  if (input.services) match.services = input.services;
  if (input.codes) match.codes = [...input.codes] as FindingCode[];
  return match;
}
