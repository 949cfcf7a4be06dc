import { describe, expect, it } from 'vitest';
import type { Application } from '../../src/argocd/index.js';
import { canonicalSegments, ignoredFor, readIgnoreDifferences } from '../../src/drift/ignore-differences.js';
import { evaluateJqPath, parseJqPath } from '../../src/drift/jq-path.js';
import { ConfigError } from '../../src/errors.js';
import { parsePath } from '../../src/diff/path.js';
import type { K8sObject } from '../../src/types.js';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'payments',
    namespace: 'production',
    annotations: { 'deploy.example.com/rev': '7', other: 'x' },
    managedFields: [
      { manager: 'argocd-controller', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:template': {} } } },
      { manager: 'kube-controller-manager', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
      {
        manager: 'istio-injector',
        operation: 'Update',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"istio-proxy"}': { '.': {}, 'f:image': {} } } } } } },
      },
    ],
  },
  spec: {
    replicas: 3,
    foo: [{ bar: 1 }, { baz: 2 }],
    template: {
      spec: {
        containers: [
          { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] },
          { name: 'istio-proxy', image: 'proxy:1' },
        ],
      },
    },
  },
} as unknown as K8sObject;

const paths = (expression: string) => {
  const program = parseJqPath(expression);
  if (!program) throw new Error(`not parsed: ${expression}`);
  return evaluateJqPath(program, deployment).map((path) => canonicalSegments(deployment, path));
};

describe('jq path expressions (the supported subset)', () => {
  it.each([
    ['.spec.replicas', [['spec', 'replicas']]],
    ['.metadata.annotations["deploy.example.com/rev"]', [['metadata', 'annotations', 'deploy.example.com/rev']]],
    ['.metadata.annotations."deploy.example.com/rev"', [['metadata', 'annotations', 'deploy.example.com/rev']]],
    ['.spec.template.spec.containers[] | select(.name == "app") | .image', [['spec', 'template', 'spec', 'containers', '[name=app]', 'image']]],
    ['.spec.template.spec.containers[]|select(.name != "app").image', [['spec', 'template', 'spec', 'containers', '[name=istio-proxy]', 'image']]],
    ['.spec.template.spec.containers[0].env[]?.value', [['spec', 'template', 'spec', 'containers', '[name=app]', 'env', '[name=A]', 'value']]],
    ['.spec.foo[]?.bar', [['spec', 'foo', '[0]', 'bar'], ['spec', 'foo', '[1]', 'bar']]],
    ['.spec.nothing.here', [['spec', 'nothing', 'here']]],
    ['.spec.template.spec.containers[] | select(.name == "absent") | .image', []],
    ['.spec.template.spec.containers[] | select(.name == "a|b)") | .image', []],
    ['.spec.template.spec.containers[] | select(.env[0].value == "1") | .name', [['spec', 'template', 'spec', 'containers', '[name=app]', 'name']]],
    ['.spec.foo[] | select(.baz != null)', [['spec', 'foo', '[1]']]],
  ])('%s', (expression, expected) => {
    expect(paths(expression)).toEqual(expected);
  });

  it.each(['spec.replicas', '.spec | length', 'del(.spec.replicas)', '.spec.foo[1:2]', '..', '.spec.replicas // 1', 'map(.image)', '.spec[', '.a | select(.b > 1)', '.a | select(.b == c)', '.a | select((.b) == 1)', '.a | select(.b == 1) | length'])(
    'refuses %s',
    (expression) => {
      expect(parseJqPath(expression)).toBeNull();
    },
  );
});

function application(ignoreDifferences: unknown): Application {
  const manifest = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'payments-production' }, spec: { ignoreDifferences } } as unknown as K8sObject;
  return { name: 'payments-production', labels: {}, source: {}, destination: {}, syncPolicy: null, file: 'argocd/payments.yaml', line: 3, lines: {}, manifest };
}

const ignored = (rules: unknown, path: string, object: K8sObject = deployment) =>
  ignoredFor(readIgnoreDifferences(application(rules)), object, object)?.(parsePath(path)) ?? false;

describe('ignoreDifferences', () => {
  it('matches group, kind, name and namespace (globs for group and kind)', () => {
    const pointer = { jsonPointers: ['/spec/replicas'] };
    expect(ignored([{ group: 'apps', kind: 'Deployment', ...pointer }], 'spec.replicas')).toBe(true);
    expect(ignored([{ group: '*', kind: 'Deploy*', name: 'payments', namespace: 'production', ...pointer }], 'spec.replicas')).toBe(true);
    expect(ignored([{ kind: 'Deployment', ...pointer }], 'spec.replicas')).toBe(false);
    expect(ignored([{ group: 'apps', kind: 'StatefulSet', ...pointer }], 'spec.replicas')).toBe(false);
    expect(ignored([{ group: 'apps', kind: 'Deployment', name: 'orders', ...pointer }], 'spec.replicas')).toBe(false);
    expect(ignored([{ group: 'apps', kind: 'Deployment', namespace: 'staging', ...pointer }], 'spec.replicas')).toBe(false);
  });

  it('ignores what a pointer or expression reaches and everything under it, nothing beside it', () => {
    const rules = [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/template/spec/containers/1', '/metadata/annotations/deploy.example.com~1rev'] }];
    expect(ignored(rules, 'spec.template.spec.containers[name=istio-proxy].image')).toBe(true);
    expect(ignored(rules, 'spec.template.spec.containers[name=istio-proxy]')).toBe(true);
    expect(ignored(rules, 'metadata.annotations["deploy.example.com/rev"]')).toBe(true);
    expect(ignored(rules, 'spec.template.spec.containers[name=app].image')).toBe(false);
    expect(ignored(rules, 'spec.template.spec.containers')).toBe(false);
    expect(ignored(rules, 'metadata.annotations.other')).toBe(false);
    const jq = [{ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "app") | .image'] }];
    expect(ignored(jq, 'spec.template.spec.containers[name=app].image')).toBe(true);
    expect(ignored(jq, 'spec.template.spec.containers[name=istio-proxy].image')).toBe(false);
  });

  it('ignores the fields the named managers own in the live object', () => {
    const rules = [{ group: 'apps', kind: 'Deployment', managedFieldsManagers: ['kube-controller-manager', 'istio-injector'] }];
    expect(ignored(rules, 'spec.replicas')).toBe(true);
    expect(ignored(rules, 'spec.template.spec.containers[name=istio-proxy]')).toBe(true);
    expect(ignored(rules, 'spec.template.spec.containers[name=istio-proxy].image')).toBe(true);
    expect(ignored(rules, 'spec.template.spec.containers[name=app].image')).toBe(false);
    expect(ignored([{ group: 'apps', kind: 'Deployment', managedFieldsManagers: ['someone-else'] }], 'spec.replicas')).toBe(false);
  });

  it('fails closed naming an unsupported expression, a bad pointer or a malformed list', () => {
    const error = (rules: unknown) => {
      try {
        readIgnoreDifferences(application(rules));
      } catch (caught) {
        expect(caught).toBeInstanceOf(ConfigError);
        return (caught as ConfigError).toLine();
      }
      throw new Error('accepted');
    };
    expect(error([{ kind: 'Deployment', jqPathExpressions: ['.spec.replicas', '.spec.containers | map(.image)'] }])).toBe(
      'argocd/payments.yaml:3: Application payments-production: jqPathExpression \'.spec.containers | map(.image)\' is not supported by parity (supported: .a.b, .a["k"], .a[N], .a[], .a[]?, | select(.k == "v"))',
    );
    expect(error([{ kind: 'Deployment', jqPathExpressions: ['.'] }])).toContain("jqPathExpression '.' is not supported");
    expect(error([{ kind: 'Deployment', jsonPointers: ['spec/replicas'] }])).toContain("jsonPointer 'spec/replicas' is not a JSON pointer to a field");
    expect(error([{ group: 'apps' }])).toContain('spec.ignoreDifferences[0] has no kind');
    expect(error({ kind: 'Deployment' })).toContain('spec.ignoreDifferences must be a list');
  });
});
