import { describe, expect, it } from 'vitest';
import { lineInBlock } from '../../src/source/block-line.js';
import { createFileCache } from '../../src/source/file-cache.js';

const FILES: Record<string, string> = {
  'settings.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: billing-settings
data:
  billing.ini: |
    mode = production

    [processor]
    tls_verify = false
  other: |-
    tls_verify = false
  plain: tls_verify
`,
  'folded.yaml': 'data:\n  note: >-  # folded\n    first line\n    tls_verify = false\nafter: 1\n',
};

const cache = createFileCache('/repo', (path) => FILES[path.replace('/repo/', '')] ?? null);

describe('lineInBlock', () => {
  it("moves a citation of a block scalar's key to the line inside it that differs", () => {
    expect(lineInBlock(cache, { file: 'settings.yaml', line: 6 }, ['[processor]extra', 'tls_verify = false'])).toEqual({ file: 'settings.yaml', line: 10 });
    expect(lineInBlock(cache, { file: 'folded.yaml', line: 2 }, ['tls_verify = false'])).toEqual({ file: 'folded.yaml', line: 4 });
  });

  it('stays inside the cited block: a line of the next key is not its line', () => {
    expect(lineInBlock(cache, { file: 'settings.yaml', line: 11 }, ['mode = production'])).toEqual({ file: 'settings.yaml', line: 11 });
    expect(lineInBlock(cache, { file: 'settings.yaml', line: 11 }, ['tls_verify = false'])).toEqual({ file: 'settings.yaml', line: 12 });
  });

  it('leaves a citation that opens no block scalar, names no line, or finds none of the lines', () => {
    expect(lineInBlock(cache, { file: 'settings.yaml', line: 13 }, ['tls_verify'])).toEqual({ file: 'settings.yaml', line: 13 });
    expect(lineInBlock(cache, { file: 'settings.yaml', line: 5 }, ['mode = production'])).toEqual({ file: 'settings.yaml', line: 5 });
    expect(lineInBlock(cache, { file: 'settings.yaml' }, ['mode = production'])).toEqual({ file: 'settings.yaml' });
    expect(lineInBlock(cache, { file: 'settings.yaml', line: 6 }, ['absent = 1'])).toEqual({ file: 'settings.yaml', line: 6 });
    expect(lineInBlock(cache, { file: 'missing.yaml', line: 6 }, ['mode = production'])).toEqual({ file: 'missing.yaml', line: 6 });
  });
});
