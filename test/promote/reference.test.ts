import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestProblem, referenceProblem, tagProblem } from '../../src/images/grammar.js';

const FIRST = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_';
const REST = `${FIRST}.-`;
const char = (alphabet: string) => fc.constantFrom(...alphabet.split(''));
const validTag = fc
  .tuple(char(FIRST), fc.array(char(REST), { maxLength: 127 }))
  .map(([first, rest]) => first + rest.join(''));
const hex = (length: number) => fc.array(char('0123456789abcdef'), { minLength: length, maxLength: length }).map((a) => a.join(''));
/** A character no tag may hold: anything outside [A-Za-z0-9._-] (newlines, spaces, YAML syntax, unicode). */
const forbidden = fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }).filter((c) => !REST.includes(c));

describe('OCI tag grammar', () => {
  it('accepts every tag of the grammar', () => {
    fc.assert(fc.property(validTag, (tag) => tagProblem(tag) === null));
  });

  it('refuses every string holding a forbidden character, wherever it is', () => {
    fc.assert(
      fc.property(validTag, forbidden, fc.nat(), (tag, bad, at) => {
        const index = at % (tag.length + 1);
        return tagProblem(tag.slice(0, index) + bad + tag.slice(index)) !== null;
      }),
    );
  });

  it('refuses a leading dot or dash, the empty tag and tags over 128 characters', () => {
    fc.assert(fc.property(validTag, char('.-'), (tag, lead) => tagProblem(lead + tag) !== null));
    expect(tagProblem('')).toBe('tag is empty');
    expect(tagProblem('a'.repeat(128))).toBeNull();
    expect(tagProblem('a'.repeat(129))).toBe('tag is 129 characters long (at most 128)');
    expect(tagProblem('1.0\n#x')).toBe('tag "1.0\\n#x" is not [A-Za-z0-9_][A-Za-z0-9._-]*');
  });
});

describe('OCI digest grammar', () => {
  it('accepts sha256 and sha512 digests of the right length in lowercase hex', () => {
    fc.assert(fc.property(hex(64), (h) => digestProblem(`sha256:${h}`) === null));
    fc.assert(fc.property(hex(128), (h) => digestProblem(`sha512:${h}`) === null));
  });

  it('refuses registered algorithms with the wrong length or non-hex', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }).filter((n) => n !== 64), (n) => digestProblem(`sha256:${'a'.repeat(n)}`) !== null));
    fc.assert(fc.property(hex(128), (h) => digestProblem(`sha256:${h}`) !== null));
    expect(digestProblem('sha256:zzzz')).toBe('digest "sha256:zzzz" is not sha256:<64 hex digits, lowercase>');
    expect(digestProblem(`sha256:${'A'.repeat(64)}`)).not.toBeNull();
  });

  it('accepts other algorithms by the general grammar and refuses forbidden characters', () => {
    expect(digestProblem('multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8')).toBeNull();
    fc.assert(
      fc.property(forbidden.filter((c) => !/[a-zA-Z0-9=_:+.-]/.test(c)), (bad) => digestProblem(`sha256:${'a'.repeat(63)}${bad}`) !== null),
    );
    expect(digestProblem('sha256')).not.toBeNull();
    expect(digestProblem(':abc')).not.toBeNull();
  });

  it('checks both parts of a reference', () => {
    expect(referenceProblem({ tag: '1.0', digest: `sha256:${'a'.repeat(64)}` })).toBeNull();
    expect(referenceProblem({ tag: '1.0', digest: 'sha256:zz' })).toMatch(/digest/);
    expect(referenceProblem({ tag: '-x' })).toMatch(/tag "-x"/);
  });
});
