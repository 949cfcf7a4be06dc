export { matchResources, type MatchTokens } from './match-resources.js';
export { chooseListKeys, itemSegment, listItemSegments } from './list-keys.js';
export { isPlainObject } from '../util/is-plain-object.js';
