import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseAnnotationYaml } from '../../src/render/annotation-yaml.js';

/** Build-metadata annotation texts in the shape Kustomize writes, with values YAML may read otherwise. */
const value = fc.oneof(
  fc.constantFrom('../base/deployment.yaml', 'builtin', 'PrefixTransformer', 'o0/slot.yaml', 'true', '123', '1e3', 'null', '~', 'a: b', "'q'", '"q"', '#x', 'x #y', 'https://github.com/a/b', '0x1f', '.5'),
  fc.stringMatching(/^[A-Za-z0-9_./~:#' -]{1,12}$/),
);
const scalar = (key: string) => value.map((text) => `${key}: ${text}`);
const configuredBy = fc.tuple(value, value, fc.option(value)).map(([api, kind, name]) =>
  [`configuredBy:`, `  apiVersion: ${api}`, `  kind: ${kind}`, ...(name === null ? [] : [`  name: ${name}`])],
);
const origin = fc.oneof(
  fc.tuple(scalar('path'), fc.option(scalar('repo')), fc.option(scalar('ref'))).map(([path, repo, ref]) => [path, repo, ref].filter((line) => line !== null)),
  fc.tuple(scalar('configuredIn'), configuredBy).map(([inFile, by]) => [inFile, ...by]),
);
const transformations = fc.array(fc.tuple(scalar('configuredIn'), configuredBy), { minLength: 1, maxLength: 4 }).map((steps) =>
  steps.flatMap(([inFile, by]) => [`- ${inFile}`, ...by.map((line) => `  ${line}`)]),
);

describe('parseAnnotationYaml', () => {
  it('reads every origin and transformations text exactly as the yaml library does', () => {
    fc.assert(
      fc.property(fc.oneof(origin, transformations), (lines) => {
        const text = `${lines.join('\n')}\n`;
        let expected: unknown;
        try {
          expected = parse(text);
        } catch {
          expected = undefined;
        }
        expect(parseAnnotationYaml(text)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
