export { diffResources, type DiffContext } from './diff-resources.js';
export { keyForDiff, originalOf, type KeyedPair } from './key-lists.js';
export { formatPath, isItemSegment, parsePath } from './path.js';
