import { isPlainObject, listItemSegments } from '../match/list-keys.js';

/** A scalar leaf of an object, with its canonical path segments and the key that names it. */
export interface Leaf {
  segments: string[];
  /** The map key holding the value, or for `{name: X, value: …}` list items, `X`. */
  key: string;
  value: string | number | boolean;
}

/**
 * Every scalar leaf of `value`, list items named the way the diff names them (merge key, then
 * `name`/`key`/`id`, then index). `skip` prunes a subtree by its segments.
 */
export function walkLeaves(value: unknown, skip: (segments: string[]) => boolean = () => false): Leaf[] {
  const leaves: Leaf[] = [];
  visit(value, [], '', leaves, skip);
  return leaves;
}

function visit(value: unknown, segments: string[], key: string, out: Leaf[], skip: (s: string[]) => boolean): void {
  if (segments.length > 0 && skip(segments)) return;
  if (Array.isArray(value)) {
    const field = segments[segments.length - 1] ?? '';
    const names = listItemSegments(field, value) ?? value.map((_, i) => `[${i}]`);
    value.forEach((item, i) => visit(item, [...segments, names[i]!], key, out, skip));
  } else if (isPlainObject(value)) {
    const itemName = typeof value.name === 'string' && 'value' in value ? value.name : undefined;
    for (const [child, childValue] of Object.entries(value)) {
      const childKey = child === 'value' && itemName !== undefined ? itemName : child;
      visit(childValue, [...segments, child], childKey, out, skip);
    }
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out.push({ segments, key, value });
  }
}
