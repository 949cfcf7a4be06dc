export { matchResources, type MatchTokens } from './match-resources.js';
export { chooseListKeys, isPlainObject, itemSegment, listItemSegments } from './list-keys.js';
