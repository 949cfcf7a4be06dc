import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPath, isItemSegment, parsePath } from '../../src/diff/path.js';
import { itemSegment } from '../../src/match/list-keys.js';

/**
 * Any key a manifest can hold: plain words, dotted and slashed annotation keys, quotes, brackets, spaces, unicode.
 * A key that is itself bracketed whole (`[x]`) is left out: segments are plain strings, so it reads as a list item.
 */
const mapKey = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,15}$/),
  fc.constantFrom('sidecar.istio.io/inject', 'app.kubernetes.io/name', 'a"b', 'x[0]', 'with space', 'dot.', '.lead', ''),
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
).filter((key) => !isItemSegment(key));

/** A list item as the differ names it: by merge key (its value quoted when it must be) or by index. */
const itemSeg = fc.oneof(
  fc.nat({ max: 50 }).map((index) => `[${index}]`),
  fc
    .record({ key: fc.constantFrom('name', 'containerPort', 'mountPath', 'key', 'id'), value: fc.string({ maxLength: 12 }) })
    .map(({ key, value }) => itemSegment([key], { [key]: value }))
    .filter((segment): segment is string => segment !== null),
  fc
    .record({ port: fc.integer({ min: 1, max: 65535 }), protocol: fc.constantFrom('UDP', 'SCTP') })
    .map(({ port, protocol }) => itemSegment(['containerPort', 'protocol'], { containerPort: port, protocol })!),
);

const segments = fc.array(fc.oneof(mapKey, itemSeg), { minLength: 1, maxLength: 8 });

describe('path syntax (property-based)', () => {
  it('parsePath(formatPath(segments)) gives the segments back, whatever the keys hold', () => {
    fc.assert(
      fc.property(segments, (path) => {
        expect(parsePath(formatPath(path))).toEqual(path);
      }),
      { numRuns: 2000 },
    );
  });

  it('formatting is stable: a parsed path formats to the same text', () => {
    fc.assert(
      fc.property(segments, (path) => {
        const text = formatPath(path);
        expect(formatPath(parsePath(text))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('a key with a dot, slash or bracket is always quoted, never split', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ minLength: 1, maxLength: 10 }), (a, b) => {
        const key = `${a}.${b}/x`;
        const text = formatPath(['metadata', 'annotations', key]);
        expect(text).toBe(`metadata.annotations[${JSON.stringify(key)}]`);
        expect(parsePath(text)).toHaveLength(3);
      }),
    );
  });
});
