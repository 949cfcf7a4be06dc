import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/promote/unified-diff.js';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join('');

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\n', 'a\n', 'f')).toBe('');
  });

  it('prints one hunk with three lines of context, removal before addition', () => {
    expect(unifiedDiff(lines(10), lines(10).replace('line 5\n', 'LINE 5\n'), 'k.yaml')).toBe(
      '--- a/k.yaml\n+++ b/k.yaml\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+LINE 5\n line 6\n line 7\n line 8\n',
    );
  });

  it('splits distant changes into hunks and counts added lines', () => {
    const after = lines(20).replace('line 2\n', 'line 2\nnew\n').replace('line 18\n', '');
    expect(unifiedDiff(lines(20), after, 'f')).toBe(
      '--- a/f\n+++ b/f\n@@ -1,5 +1,6 @@\n line 1\n line 2\n+new\n line 3\n line 4\n line 5\n' +
        '@@ -15,6 +16,5 @@\n line 15\n line 16\n line 17\n-line 18\n line 19\n line 20\n',
    );
  });

  it('marks a missing final newline and handles a new file', () => {
    expect(unifiedDiff('a\n', 'a', 'f')).toBe('--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n');
    expect(unifiedDiff('', 'x\n', 'f')).toBe('--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+x\n');
  });
});
