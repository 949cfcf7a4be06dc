import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartFileOf, splitHelmOutput } from '../../src/helm/index.js';

describe('splitHelmOutput', () => {
  it('keeps the # Source of every document and its first line', () => {
    const output = [
      '---',
      '# Source: shop/templates/service.yaml',
      'apiVersion: v1',
      'kind: Service',
      '---',
      '# Source: shop/templates/deployment.yaml',
      'apiVersion: apps/v1',
      'kind: Deployment',
      '',
    ].join('\n');
    expect(splitHelmOutput(output)).toEqual([
      { source: 'shop/templates/service.yaml', text: '# Source: shop/templates/service.yaml\napiVersion: v1\nkind: Service\n', line: 2 },
      { source: 'shop/templates/deployment.yaml', text: '# Source: shop/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\n', line: 6 },
    ]);
  });

  it('drops documents of comments only and reads no # Source below the first YAML line', () => {
    const output = '---\n# Source: a/templates/empty.yaml\n\n---\napiVersion: v1\nkind: ConfigMap\ndata:\n  x: |\n    # Source: not/this.yaml\n';
    const documents = splitHelmOutput(output);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ source: null, line: 5 });
  });

  it('maps a template path to the chart file, subcharts included', () => {
    expect(chartFileOf('shop/templates/deployment.yaml', 'charts/shop')).toBe(join('charts/shop', 'templates/deployment.yaml'));
    expect(chartFileOf('shop/charts/redis/templates/x.yaml', '/c')).toBe('/c/charts/redis/templates/x.yaml');
  });
});
