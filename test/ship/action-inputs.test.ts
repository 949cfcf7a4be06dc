import { describe, expect, it } from 'vitest';
import { buildArgs, readInputs } from '../../action/inputs.mjs';

const inputs = (env: Record<string, string>) => readInputs(Object.fromEntries(Object.entries(env).map(([k, v]) => [`PARITY_INPUT_${k}`, v])));

describe('action inputs → parity arguments', () => {
  it('audits every service with only the JSON result by default', () => {
    expect(buildArgs(inputs({}), 'r.json')).toEqual(['audit', '--format', 'json', '--out', 'r.json']);
  });

  it('repeats list inputs, passes the rest once, and keeps extra arguments whole per line', () => {
    const args = buildArgs(
      inputs({
        SERVICES: 'payments-service, catalog-service\ninventory-service',
        POLICY: '/etc/parity/org.yaml',
        PAIRS: 'staging:production',
        CHANGED_SINCE: 'origin/main',
        REPO: 'gitops',
        ARGS: '--allow-root\n../shared bases\n',
      }),
      'r.json',
    );
    expect(args).toEqual([
      'audit',
      ...['--service', 'payments-service', '--service', 'catalog-service', '--service', 'inventory-service'],
      ...['--policy', '/etc/parity/org.yaml', '--pairs', 'staging:production', '--changed-since', 'origin/main'],
      ...['--repo', 'gitops', '--allow-root', '../shared bases'],
      ...['--format', 'json', '--out', 'r.json'],
    ]);
  });

  it('builds a gate and a merge of shard results', () => {
    expect(buildArgs(inputs({ COMMAND: 'gate', SERVICES: 'payments-service', FROM: 'staging', TO: 'production', TAG: '3.2.1' }), 'r.json')).toEqual([
      'gate', '--service', 'payments-service', '--from', 'staging', '--to', 'production', '--tag', '3.2.1', '--format', 'json', '--out', 'r.json',
    ]);
    expect(buildArgs(inputs({ COMMAND: 'merge', RESULTS: 'a.json b.json', REPO: '.' }), 'r.json')).toEqual([
      'merge', 'a.json', 'b.json', '--format', 'json', '--out', 'r.json',
    ]);
  });

  it('refuses a command the action does not run', () => {
    expect(() => buildArgs(inputs({ COMMAND: 'promote' }), 'r.json')).toThrow('input command: "promote" is not one of audit, gate, merge');
  });
});
