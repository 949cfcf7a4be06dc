/**
 * Cluster faults end every command that reads the cluster with exit 2 and one line naming the
 * context and the call — never exit 0, never a stack trace, never a report. Each case runs the
 * built CLI against a loopback API server that misbehaves on purpose.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient } from '../../src/live/kube.js';
import { startFakeKubeApi, writeKubeconfig, type FakeKubeApi } from '../support/fake-kube-api.js';
import { runCli } from '../support/run-cli.js';
import { FIXTURES } from '../support/temp-copy.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';
import { expectOneErrorLine } from './support/expect-one-line.js';
import { startFaultyKubeApi, type Fault, type FaultyKubeApi } from './support/faulty-kube-api.js';

const REPO = join(FIXTURES, 'ecommerce-infra');
const TOKEN = 'fault-token';
/** Long enough for the real Kustomize on a busy machine, short enough for a stalled read. */
const TIMEOUT = '8';

let api: FakeKubeApi;
let faulty: FaultyKubeApi;
let dir: string;
let kubeconfig: string;
let fault: (path: string) => Fault | undefined = () => undefined;

beforeAll(async () => {
  api = await startFakeKubeApi({ objects: [], tokens: { [TOKEN]: 'system:serviceaccount:ci:parity' } });
  faulty = await startFaultyKubeApi(api, (path) => fault(path));
  dir = await mkdtemp(join(tmpdir(), 'parity-faults-cluster-'));
  kubeconfig = await writeKubeconfig(dir, [{ name: 'faulty', server: faulty.url, token: TOKEN, namespace: 'ecommerce-production' }]);
});
afterAll(async () => {
  await faulty.close();
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

const cluster = ['--context', 'faulty', '--kubeconfig', () => kubeconfig] as const;
const clusterFlags = (): string[] => cluster.map((flag) => (typeof flag === 'function' ? flag() : flag));

function drift(out: string) {
  return runCli(['drift', '--repo', REPO, '--env', 'production', '--service', 'payments-service', ...clusterFlags(),
    '--timeout', TIMEOUT, '--format', 'json', '--out', out]);
}

function gate(out: string) {
  return runCli(['gate', '--repo', REPO, '--service', 'checkout-service', '--from', 'dev', '--to', 'staging',
    '--check-health', '--soak', '0s', ...clusterFlags(), '--timeout', TIMEOUT, '--format', 'json', '--out', out]);
}

const everyApiCall = (kind: 'cut' | 'stall'): ((path: string) => Fault | undefined) =>
  (path) => (path.startsWith('/api') ? (kind === 'cut' ? { cut: true } : { stall: true }) : undefined);

describe.each(['cut', 'stall'] as const)('a cluster answer %s half-way through its body', (kind) => {
  beforeAll(() => {
    fault = everyApiCall(kind);
  });
  const said = kind === 'cut' ? /GET \/apis?\/\S+: .*\(context faulty\)/ : /GET \/apis?\/\S+: no complete answer from https:\/\/127\.0\.0\.1:\d+ \(context faulty\) within 8s \(--timeout\)/;

  it('parity drift exits 2 naming the context and the call, and writes no report', async () => {
    const out = join(dir, `drift-${kind}.json`);
    const run = await drift(out);
    expectOneErrorLine(run, said);
    expect(run.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('parity gate --check-health exits 2 and writes no report', async () => {
    const out = join(dir, `gate-${kind}.json`);
    const run = await gate(out);
    expectOneErrorLine(run, said);
    expect(existsSync(out)).toBe(false);
  });
});

describe('parity promote --check-health on a cut connection', () => {
  let repo: TempRepo;
  beforeAll(async () => {
    fault = everyApiCall('cut');
    repo = await createTempRepo({}, REPO);
  });
  afterAll(() => repo.remove());

  it('exits 2, leaves the target kustomization and HEAD untouched', async () => {
    const target = join(repo.dir, 'apps/checkout-service/overlays/staging/kustomization.yaml');
    const before = await readFile(target, 'utf8');
    const head = await repo.git('rev-parse', 'HEAD');
    const run = await runCli(['promote', '--repo', repo.dir, '--service', 'checkout-service', '--from', 'dev', '--to', 'staging',
      '--check-health', '--soak', '0s', ...clusterFlags(), '--timeout', TIMEOUT]);
    expectOneErrorLine(run, /GET \/apis?\/\S+: .*\(context faulty\)/);
    expect(await readFile(target, 'utf8')).toBe(before);
    expect(await repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(await repo.git('status', '--porcelain')).toBe('');
  });
});

describe('wrong-shaped answers with status 200', () => {
  const cases: Array<[string, (path: string) => Fault | undefined, RegExp]> = [
    [
      'an array where the APIResourceList belongs',
      (path) => (path === '/apis/apps/v1' ? { body: [{ kind: 'Deployment' }] } : undefined),
      /^parity: GET \/apis\/apps\/v1 \(context faulty\): the server's answer is not an APIResourceList: got a JSON array$/,
    ],
    [
      'an APIResourceList without resources',
      (path) => (path === '/apis/apps/v1' ? { body: { kind: 'APIResourceList', groupVersion: 'apps/v1' } } : undefined),
      /^parity: GET \/apis\/apps\/v1 \(context faulty\): the server's answer is not an APIResourceList: resources: /,
    ],
    [
      'a Status where the object belongs',
      (path) => (path.includes('/deployments/') ? { body: { kind: 'Status', status: 'Failure', reason: 'InternalError', message: 'etcd timeout' } } : undefined),
      /^parity: GET \/apis\/apps\/v1\/namespaces\/\S+\/deployments\/\S+ \(context faulty\): the server answered 200 with a Status, not an object: InternalError: etcd timeout$/,
    ],
    [
      'an object without metadata.name',
      (path) => (path.includes('/deployments/') ? { body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: {} } } : undefined),
      /^parity: GET \/apis\/apps\/v1\/namespaces\/\S+\/deployments\/\S+ \(context faulty\): the server's answer is not a Deployment object: metadata\.name: /,
    ],
  ];

  it.each(cases)('parity drift: %s is one exit-2 line naming the call', async (_name, pick, said) => {
    fault = pick;
    const out = join(dir, 'shape.json');
    const run = await drift(out);
    expectOneErrorLine(run, said);
    expect(existsSync(out)).toBe(false);
  });

  it('parity gate --check-health: a Status with 200 closes the gate with exit 2', async () => {
    fault = (path) => (path.includes('/deployments/') ? { body: { kind: 'Status', reason: 'Expired', message: 'too old' } } : undefined);
    const out = join(dir, 'gate-status.json');
    const run = await gate(out);
    expectOneErrorLine(run, /\(context faulty\): the server answered 200 with a Status, not an object: Expired: too old$/);
    expect(existsSync(out)).toBe(false);
  });

  it('a list without items is a LiveError naming the call (library client)', async () => {
    fault = (path) => (path === '/api/v1/namespaces/default/configmaps' ? { body: { kind: 'ConfigMapList', apiVersion: 'v1' } } : undefined);
    const client = createKubeClient({ kubeconfig, context: 'faulty', timeoutMs: 5_000 });
    await expect(client.list('v1', 'ConfigMap', 'default')).rejects.toThrow(
      /^GET \/api\/v1\/namespaces\/default\/configmaps \(context faulty\): the server's answer is not a ConfigMap list with items: items: /,
    );
  });
});
