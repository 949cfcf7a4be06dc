import { listItemSegments } from '../match/list-keys.js';
import { isPlainObject } from '../util/is-plain-object.js';

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
  const visit = (node: unknown, segments: string[], key: string): void => {
    if (segments.length > 0 && skip(segments)) return;
    if (Array.isArray(node)) {
      const names = listItemSegments(segments[segments.length - 1] ?? '', node) ?? node.map((_, i) => `[${i}]`);
      node.forEach((item, i) => visit(item, [...segments, names[i]!], key));
    } else if (isPlainObject(node)) {
      for (const [child, childValue] of Object.entries(node)) visit(childValue, [...segments, child], leafKey(node, child));
    } else if (isScalar(node)) {
      leaves.push({ segments, key, value: node });
    }
  };
  visit(value, [], '');
  return leaves;
}

/** The key naming a child: the map key, or `X` for the `value` of a `{name: X, value: …}` item. */
function leafKey(node: Record<string, unknown>, child: string): string {
  return child === 'value' && typeof node.name === 'string' ? node.name : child;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
