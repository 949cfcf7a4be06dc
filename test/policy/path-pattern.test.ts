import { describe, expect, it } from 'vitest';
import { parsePath } from '../../src/diff/path.js';
import { compilePathPattern, pathPatternError, patternCovers } from '../../src/policy/path-pattern.js';

const covers = (pattern: string, path: string) => patternCovers(compilePathPattern(pattern), parsePath(path));

describe('path patterns', () => {
  const table: Array<[string, string, boolean]> = [
    // exact paths and everything below them
    ['spec.replicas', 'spec.replicas', true],
    ['spec.replicas', 'spec.template', false],
    ['spec', 'spec.replicas', true],
    ['spec.template.spec.containers[*].resources', 'spec.template.spec.containers[name=app].resources.limits.cpu', true],
    ['spec.template.spec.containers[*].resources', 'spec.template.spec.containers[name=app]', false],
    ['spec.template.spec.containers[*].resources', 'spec.template.spec.containers[name=app].image', false],
    // `*` is one key, never a list item, never several keys
    ['spec.*.minReplicas', 'spec.scale.minReplicas', true],
    ['spec.*.minReplicas', 'spec.a.b.minReplicas', false],
    ['*', 'spec.replicas', true],
    ['spec.containers.*', 'spec.containers[0]', false],
    // `[*]` is any list item, keyed or by index
    ['spec.rules[*].host', 'spec.rules[0].host', true],
    ['spec.rules[*].host', 'spec.rules[name=a].host', true],
    ['spec.rules[*].host', 'spec.rules.host', false],
    // index items match exactly
    ['spec.rules[1].host', 'spec.rules[1].host', true],
    ['spec.rules[1].host', 'spec.rules[10].host', false],
    // merge-key globs
    ['**.env[name=*_URL].value', 'spec.template.spec.containers[name=app].env[name=PROCESSOR_URL].value', true],
    ['**.env[name=*_URL].value', 'spec.template.spec.containers[name=app].env[name=PROCESSOR_URLS].value', false],
    ['**.env[name=*_URL].value', 'spec.template.spec.containers[name=app].env[name=PROCESSOR_URL]', false],
    ['**.env[name=*_URL].value', 'spec.template.spec.containers[name=app].env[name=PROCESSOR_URL].valueFrom', false],
    ['**.volumeMounts[mountPath=/etc/**]', 'spec.containers[name=a].volumeMounts[mountPath=/etc/processor/tls].readOnly', true],
    ['**.ports[containerPort=53]', 'spec.containers[name=a].ports[containerPort=53,protocol=UDP].name', true],
    ['**.ports[containerPort=53,protocol=UDP]', 'spec.containers[name=a].ports[containerPort=53]', false],
    ['**.env[name="MY VAR"]', 'spec.containers[name=a].env[name="MY VAR"].value', true],
    // `**` is any number of segments, including none
    ['**.containers[*].image', 'spec.containers[name=a].image', true],
    ['**.containers[*].image', 'spec.jobTemplate.spec.template.spec.containers[name=a].image', true],
    ['**.containers[*].image', 'spec.template.spec.initContainers[name=a].image', false],
    ['**', 'anything.at[all]', true],
    ['spec.**.image', 'spec.image', true],
    ['spec.**.image', 'metadata.image', false],
    // key globs and quoted keys
    ['data.*_URL', 'data.DATABASE_URL', true],
    ['data.*_URL', 'data.DATABASE_URL_FALLBACK', false],
    ['data.*_URL', 'binaryData.DATABASE_URL', false],
    ['metadata.annotations["sidecar.istio.io/inject"]', 'metadata.annotations["sidecar.istio.io/inject"]', true],
    ['metadata.annotations["prometheus.io/*"]', 'metadata.annotations["prometheus.io/port"]', true],
    ['metadata.annotations.*', 'metadata.annotations["sidecar.istio.io/inject"]', true],
    ['metadata.labels["app.kubernetes.io/name"]', 'metadata.labels["app.kubernetes.io/version"]', false],
  ];

  it.each(table)('%s covers %s: %s', (pattern, path, expected) => {
    expect(covers(pattern, path)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['spec..replicas', /empty segment/],
    ['.spec', /empty segment/],
    ['spec.', /empty segment/],
    ['spec.[0]', /empty segment/],
    ['spec.containers[name=app', /unbalanced/],
    ['spec.containers]', /unbalanced/],
    ['metadata.annotations["a', /unbalanced/],
    ['spec.a**', /'\*\*' must be a whole segment/],
    ['spec.containers[]', /must be \[\*\], \[N\] or \[key=value/],
    ['spec.containers[=a]', /must be \[\*\], \[N\] or \[key=value/],
    ['spec.containers[name=]', /must be \[\*\], \[N\] or \[key=value/],
    ['spec.containers[name]', /must be \[\*\], \[N\] or \[key=value/],
  ])('rejects %j', (pattern, message) => {
    expect(pathPatternError(pattern)).toMatch(message);
  });

  it('accepts every pattern of the table', () => {
    for (const [pattern] of table) expect(pathPatternError(pattern)).toBeNull();
  });
});
