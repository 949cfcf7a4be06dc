export { createKubeClient, type KubeClient, type KubeClientOptions, type ObjectRef, type ServedKind } from './kube.js';
export { compareLive, type LiveDifference } from './compare-live.js';
export { attributeField, type FieldOwner } from './managed-fields.js';
export { findLiveDrift, liveValueKey, type LiveDriftInput } from './drift.js';
export { checkHealth, formatDuration, parseDuration, type HealthInput } from './health.js';
