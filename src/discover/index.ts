export { loadConfig } from './load-config.js';
export { discoverServices, type ServiceFilter } from './discover-services.js';
export { resolvePairs } from './resolve-pairs.js';
export { configFileSchema, NAME_PATTERN, DEFAULT_ENVIRONMENTS, DEFAULT_LAYOUT } from './config-schema.js';
