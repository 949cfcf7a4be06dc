export { ENV_PLACEHOLDER, envTokens, findEnvTokens, replaceEnvTokens, tokenize } from './env-tokens.js';
export { fieldValuesEquivalent, isPortPath, valuesEquivalent, type EnvTokenPair } from './equivalence.js';
export { normalizeOverlay, type NormalizeContext } from './normalize-overlay.js';
export { hasHashSuffix, normalizeName, stripHashSuffix } from './names.js';
export { canonicalQuantity, isQuantityPath, quantitiesEqual } from './quantity.js';
export { apiGroup, resourceKey } from './resource-key.js';
