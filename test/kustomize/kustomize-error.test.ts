import { describe, expect, it } from 'vitest';
import { describeKustomizeError, firstErrorLine } from '../../src/kustomize/kustomize-error.js';

describe('firstErrorLine', () => {
  it('takes the `Error:` line of standalone kustomize', () => {
    expect(firstErrorLine('# Warning: deprecated\nError: something broke\n')).toBe('something broke');
  });

  it('takes the quoted err of kubectl, unescaped', () => {
    const klog = 'E1126 03:53:56.662166    4522 run.go:72] "command failed" err="invalid Kustomization: \\"x\\" is bad"';
    expect(firstErrorLine(klog)).toBe('invalid Kustomization: "x" is bad');
  });

  it('takes the first line of a multi-line kubectl err block', () => {
    const klog = 'E1126 03:54:10.001645    4622 run.go:72] "command failed" err=<\n\twrong node kind: expected ScalarNode\n\t- broken\n >\n';
    expect(firstErrorLine(klog)).toBe('wrong node kind: expected ScalarNode');
  });

  it('falls back to the first non-empty line', () => {
    expect(firstErrorLine('\n  panic: runtime error\n')).toBe('panic: runtime error');
    expect(firstErrorLine('')).toBeNull();
  });
});

describe('describeKustomizeError', () => {
  it('explains a remote that cannot be fetched', () => {
    const stderr = "Error: accumulating resources: accumulation err='accumulating resources from 'https://github.com/o/r//base?ref=v1': Get \"https://github.com/o/r\": dial tcp: lookup github.com: no such host': git cmd = '/usr/bin/git fetch': exit status 128";
    expect(describeKustomizeError(stderr)).toBe('remote resource https://github.com/o/r//base?ref=v1 cannot be fetched (offline?); vendor it into the repository');
  });

  it('says so when Kustomize printed nothing', () => {
    expect(describeKustomizeError('')).toBe('Kustomize failed without an error message');
  });
});
