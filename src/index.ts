/**
 * parity's library API: the same jobs as the CLI, returning plain results. Reporters format a
 * result; nothing here prints or exits.
 */
export { audit } from './audit/audit.js';
export type { AuditOptions, FailOn } from './pipeline/plan.js';
export { exitCodeOf } from './pipeline/build-result.js';
export { renderNormalized } from './audit/render-normalized.js';
export { gate, type GateOptions, type GateOutcome } from './gate/gate.js';
export { promote, type PromoteOptions } from './promote/promote.js';
export { planPromotion, type PromotionInput, type PromotionPlan } from './bump/plan.js';
export { applyPromotion, type ApplyDeps, type ApplyResult } from './promote/apply.js';
export { drift, type DriftOptions } from './drift/drift.js';
export { mergeResults } from './merge/merge-results.js';
export { formatResult, FORMATS, type Format } from './report/index.js';
export { formatMessage } from './report/messages.js';
export { wordFinding } from './report/word-finding.js';

// The stages, for tools that drive the pipeline themselves.
export * as discover from './discover/index.js';
export * as render from './render/index.js';
export * as normalize from './normalize/index.js';
export * as match from './match/index.js';
export * as diff from './diff/index.js';
export * as rules from './rules/index.js';
export * as policy from './policy/index.js';
export * as live from './live/index.js';
export * as argocd from './argocd/index.js';

export * from './errors.js';
export type * from './types.js';
export type * from './finding-args.js';
export type { PromoteRefusal, TargetDocument } from './reason-args.js';
export { VERSION } from './version.js';
