import { describe, expect, it } from 'vitest';
import { pullArgs } from '../../src/helm/pull-chart.js';

describe('helm pull arguments for a chart from a repository or registry', () => {
  it('names a Helm repository with --repo and the exact version', () => {
    expect(pullArgs({ repoURL: 'https://charts.example.com', chart: 'shop', version: '1.2.3' }, '/tmp/x')).toEqual([
      'pull', '--untar', '--untardir', '/tmp/x', '--version', '1.2.3', '--repo', 'https://charts.example.com', 'shop',
    ]);
  });

  it('puts an OCI registry (with or without oci://) and the chart in one reference', () => {
    const expected = ['pull', '--untar', '--untardir', '/tmp/x', '--version', '0.4.0', 'oci://ghcr.io/org/charts/api'];
    expect(pullArgs({ repoURL: 'ghcr.io/org/charts', chart: 'api', version: '0.4.0' }, '/tmp/x')).toEqual(expected);
    expect(pullArgs({ repoURL: 'oci://ghcr.io/org/charts/', chart: 'api', version: '0.4.0' }, '/tmp/x')).toEqual(expected);
  });
});
