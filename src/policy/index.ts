export { loadPolicy, DEFAULT_POLICY_LABEL, type LoadPolicyOptions } from './load-policy.js';
export { classify, compareFindings, type ClassifyContext } from './classify.js';
export { compilePathPattern, pathPatternError, patternCovers, pathCovered, type PathPattern } from './path-pattern.js';
export { findingId } from './finding-id.js';
export { DEFAULT_SEVERITY, meetsThreshold, type FailOn } from './severity.js';
export { allowRuleSchema, waiverSchema, endpointSchema, policyDocumentSchema } from './policy-schema.js';
export { generateSchemas } from './schema-json.js';
