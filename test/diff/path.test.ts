import { describe, expect, it } from 'vitest';
import { formatPath, isItemSegment, parsePath } from '../../src/diff/path.js';

const cases: Array<[string[], string]> = [
  [['spec', 'replicas'], 'spec.replicas'],
  [['spec', 'template', 'spec', 'containers', '[name=app]', 'env', '[name=URL]', 'value'], 'spec.template.spec.containers[name=app].env[name=URL].value'],
  [['metadata', 'annotations', 'sidecar.istio.io/inject'], 'metadata.annotations["sidecar.istio.io/inject"]'],
  [['spec', 'args', '[2]'], 'spec.args[2]'],
  [['spec', 'ports', '[containerPort=53,protocol=UDP]'], 'spec.ports[containerPort=53,protocol=UDP]'],
  [['data', 'app config.yaml'], 'data["app config.yaml"]'],
  [['data', 'say "hi"'], 'data["say \\"hi\\""]'],
  [['data', 'a[0]'], 'data["a[0]"]'],
  [['env', '[name="a b"]', 'value'], 'env[name="a b"].value'],
  [['env', '[name="x]y"]'], 'env[name="x]y"]'],
  [['spec', 'hard', 'requests.cpu'], 'spec.hard["requests.cpu"]'],
];

describe('formatPath / parsePath', () => {
  it.each(cases)('%j ↔ %s', (segments, path) => {
    expect(formatPath(segments)).toBe(path);
    expect(parsePath(path)).toEqual(segments);
  });

  it('round-trips a quoted first key', () => {
    expect(parsePath(formatPath(['a.b', 'c']))).toEqual(['a.b', 'c']);
  });

  it('rejects malformed paths', () => {
    expect(() => parsePath('metadata.annotations["unterminated')).toThrow(/malformed/);
    expect(() => parsePath('env[name=a')).toThrow(/malformed/);
  });

  it('tells list items from keys', () => {
    expect(isItemSegment('[name=app]')).toBe(true);
    expect(isItemSegment('name')).toBe(false);
  });
});
