/**
 * The rules stage over the real match and diff stages: paths the diff produces must line up with
 * the paths the rules claim and report.
 */
import { describe, expect, it } from 'vitest';
import { diffResources } from '../../src/diff/diff-resources.js';
import { matchResources } from '../../src/match/match-resources.js';
import { pairCandidates } from '../../src/rules/index.js';
import type { Difference, K8sObject } from '../../src/types.js';
import { deployment, envResources } from './helpers.js';
import { argsOf } from '../support/args.js';

const tokens = { left: ['staging', 'stage', 'stg'], right: ['production', 'prod', 'prd'] };

function run(left: K8sObject[], right: K8sObject[]) {
  const l = envResources('staging', left);
  const r = envResources('production', right);
  const pairs = matchResources(l.resources, r.resources, tokens);
  const differences = new Map<string, Difference[]>();
  for (const pair of pairs) {
    if (pair.left && pair.right) differences.set(pair.key, diffResources(pair.left.object, pair.right.object, { tokens }));
  }
  return pairCandidates({ service: 'payments-service', left: l, right: r, pairs, differences, policy: { endpoints: [] } });
}

describe('rules over the real diff', () => {
  it('the payments story: one MTLS_MISMATCH, the endpoint value as VALUE_DRIFT, cert fields claimed', () => {
    const staging = deployment('payments-service', {
      env: [{ name: 'PROCESSOR_URL', value: 'https://sandbox.processor.example' }, { name: 'LOG_LEVEL', value: 'debug' }],
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    }, { volumes: [{ name: 'tmp', emptyDir: {} }] });
    const production = deployment('payments-service', {
      env: [
        { name: 'PROCESSOR_URL', value: 'https://api.processor.example' },
        { name: 'LOG_LEVEL', value: 'debug' },
        { name: 'PROCESSOR_CLIENT_CERT', value: '/etc/processor/tls.crt' },
        { name: 'PROCESSOR_CLIENT_KEY', value: '/etc/processor/tls.key' },
      ],
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'processor-client-tls', mountPath: '/etc/processor', readOnly: true }],
    }, {
      volumes: [
        { name: 'tmp', emptyDir: {} },
        { name: 'processor-client-tls', secret: { secretName: 'processor-client-tls', items: [{ key: 'tls.crt', path: 'tls.crt' }, { key: 'tls.key', path: 'tls.key' }] } },
      ],
    });
    const candidates = run([staging], [production]);
    const c = 'spec.template.spec.containers[name=payments-service]';
    expect(candidates.map((x) => `${x.code} ${x.path}`).sort()).toEqual([
      `MTLS_MISMATCH ${c}.env[name=PROCESSOR_URL]`,
      `VALUE_DRIFT ${c}.env[name=PROCESSOR_URL].value`,
    ]);
    const related = (argsOf(candidates.find((x) => x.code === 'MTLS_MISMATCH')).related as Array<{ path: string }>).map((r) => r.path).sort();
    expect(related).toEqual([
      `${c}.env[name=PROCESSOR_CLIENT_CERT]`,
      `${c}.env[name=PROCESSOR_CLIENT_KEY]`,
      `${c}.volumeMounts[mountPath=/etc/processor]`,
      'spec.template.spec.volumes[name=processor-client-tls]',
    ]);
  });

  it('env-token-equivalent values are no difference, so no candidate', () => {
    const app = (env: string) => deployment('payments-service', { env: [{ name: 'DB_HOST', value: `db.${env}.internal` }] });
    expect(run([app('staging')], [app('production')])).toEqual([]);
  });
});
