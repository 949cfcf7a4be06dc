import { execa } from 'execa';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPerformance, type PerformanceInput } from '../../src/gate/checks/performance.js';
import { rolloutFromGit, type Rollout } from '../../src/gate/checks/rollout-time.js';
import type { AuditResult, PerformanceCheckRule, PerformanceEvidence } from '../../src/types.js';
import { FAKE_KUBE_API_CA, startFakeKubeApi, writePlainKubeconfig, type FakeKubeApi } from '../support/fake-kube-api.js';
import { hasBinary, startPrometheus, type RunningServer } from '../support/monitoring.js';
import { runCli } from '../support/run-cli.js';
import { FIXTURES } from '../support/temp-copy.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';
import { missingTool } from '../support/required-tool.js';

const DEV_KUSTOMIZATION = 'apps/checkout-service/overlays/dev/kustomization.yaml';
const MINUTE = 60;
/** The source rollout: three hours ago, on a whole minute (backfilled blocks must be older than the head). */
const T0 = Math.floor((Date.now() / 1000 - 3 * 3600) / MINUTE) * MINUTE;

/** Series whose value steps from `before` to `after` at T0; samples every minute, off the query grid by 30s. */
const SCENARIOS: Record<string, { before: number; after: number; afterMinutes?: number }> = {
  within: { before: 100, after: 105 },
  regress: { before: 100, after: 111 },
  improve: { before: 100, after: 80 },
  short: { before: 100, after: 100, afterMinutes: 4 },
};

function openMetrics(): string {
  const lines = ['# TYPE parity_test_metric gauge'];
  for (const [scenario, { before, after, afterMinutes = 60 }] of Object.entries(SCENARIOS)) {
    for (let t = T0 - 2 * 3600 + 30; t <= T0 + afterMinutes * MINUTE; t += MINUTE) {
      lines.push(`parity_test_metric{scenario="${scenario}",service="checkout-service",namespace="ecommerce-dev",env="dev"} ${t < T0 ? before : after} ${t}`);
    }
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

const rule = (scenario: string, better: 'higher' | 'lower', extra: Partial<PerformanceCheckRule> = {}): PerformanceCheckRule => ({
  name: `${scenario}-${better}`,
  query: `avg(parity_test_metric{scenario="${scenario}", service="{{service}}"})`,
  better,
  tolerance: 10,
  step: '1m',
  declared: { file: 'policies/gates.yaml' },
  ...extra,
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const available = await hasBinary('prometheus').then(async (found) => found && (await hasBinary('promtool')));

describe.skipIf(missingTool(available, 'prometheus and promtool'))('performance gate against a real Prometheus', () => {
  let prometheus: RunningServer;
  let repo: TempRepo;
  let rollout: Rollout;

  beforeAll(async () => {
    prometheus = await startPrometheus(openMetrics());
    repo = await createTempRepo({}, join(FIXTURES, 'ecommerce-infra'));
    const text = (await execa('git', ['show', `HEAD:${DEV_KUSTOMIZATION}`], { cwd: repo.dir })).stdout;
    await repo.write(DEV_KUSTOMIZATION, `${text.replace('newTag: 1.4.3-8d1e7f0', 'newTag: 1.4.4-0a1b2c3')}\n`);
    await repo.git('add', DEV_KUSTOMIZATION);
    const date = `${T0} +0000`;
    await execa('git', ['commit', '-q', '-m', 'promote(dev): checkout-service → 1.4.4-0a1b2c3'], {
      cwd: repo.dir,
      env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date },
    });
    rollout = (await rolloutFromGit(repo.dir, DEV_KUSTOMIZATION))!;
  }, 120_000);
  afterAll(async () => {
    await prometheus?.stop();
    await repo?.remove();
  });

  const judge = async (rules: PerformanceCheckRule[], extra: Partial<PerformanceInput> = {}) =>
    checkPerformance({
      endpoint: { url: prometheus.url },
      rules,
      vars: { service: 'checkout-service', namespace: 'ecommerce-dev', env: 'dev' },
      rollout,
      now: new Date(),
      minWindowMs: 10 * 60_000,
      ...extra,
    });
  const evidenceOf = (check: { evidence?: unknown }) => (check.evidence as PerformanceEvidence[])[0]!;

  it('takes the rollout time from the commit that last changed the source tag', async () => {
    expect(rollout.from).toBe('git');
    expect(rollout.at.getTime()).toBe(T0 * 1000);
    expect(rollout.ref).toBe((await repo.git('rev-parse', 'HEAD')).trim());
  });

  it('passes within the tolerance and reports the query as sent, both windows, both values and the ratio', async () => {
    const check = await judge([rule('within', 'lower')]);
    expect(check.verdict).toBe('pass');
    const evidence = evidenceOf(check);
    expect(evidence.query).toBe('avg(parity_test_metric{scenario="within", service="checkout-service"})');
    expect(evidence.after.start).toBe(new Date(T0 * 1000).toISOString());
    expect(evidence.before.end).toBe(evidence.after.start);
    expect(Date.parse(evidence.before.start)).toBe(T0 * 1000 - (Date.parse(evidence.after.end) - T0 * 1000));
    expect(evidence.before.value).toBeCloseTo(100, 5);
    expect(evidence.after.value).toBeGreaterThan(104.9);
    expect(evidence.after.value).toBeLessThanOrEqual(105);
    expect(evidence.ratio).toBeCloseTo(1.05, 2);
    expect(evidence.tolerance).toBe(10);
  });

  it('fails on an 11% regression when lower is better', async () => {
    const check = await judge([rule('regress', 'lower')]);
    expect(check.verdict).toBe('fail');
    expect(evidenceOf(check).verdict).toBe('fail');
    expect(check.reasons).toEqual([expect.stringMatching(/^performance check 'regress-lower': 10\.\d% worse than before the rollout \(100 → 110\.\d+, lower is better, tolerance 10%\)$/)]);
  });

  it('reads the same rise as an improvement when higher is better', async () => {
    const check = await judge([rule('regress', 'higher')]);
    expect(check.verdict).toBe('pass');
    expect(check.reasons).toEqual([]);
  });

  it('passes an improvement when lower is better and fails the same fall when higher is better', async () => {
    expect((await judge([rule('improve', 'lower')])).verdict).toBe('pass');
    const higher = await judge([rule('improve', 'higher')]);
    expect(higher.verdict).toBe('fail');
    expect(higher.reasons[0]).toMatch(/'improve-higher': 19\.\d% worse/);
  });

  it('honours a wider tolerance', async () => {
    expect((await judge([rule('regress', 'lower', { tolerance: 15 })])).verdict).toBe('pass');
  });

  it('never passes without data: no samples on either side closes the gate', async () => {
    const check = await judge([rule('absent', 'lower')]);
    expect(check.verdict).toBe('fail');
    expect(check.reasons).toEqual([
      "performance check 'absent-lower': too little data: no samples in the window before the rollout",
      "performance check 'absent-lower': too little data: no samples in the window after the rollout",
    ]);
    expect(evidenceOf(check).ratio).toBeNull();
  });

  it('fails when the samples after the rollout cover less than the window asked for', async () => {
    const check = await judge([rule('short', 'lower')], { minWindowMs: 30 * 60_000 });
    expect(check.verdict).toBe('fail');
    expect(check.reasons).toEqual([expect.stringMatching(/^performance check 'short-lower': too little data: \d+m\d*s? of samples after the rollout, at least 30m needed$/)]);
  });

  it('fails when the rollout is more recent than the soak time', async () => {
    const check = await judge([rule('within', 'lower')], { rollout: { ...rollout, at: new Date(Date.now() - 2 * 60_000) } });
    expect(check.verdict).toBe('fail');
    expect(check.reasons[0]).toMatch(/too little data: the rollout started 2m\d*s? ago, the window must be at least 10m/);
  });

  it('is an error naming the check when Prometheus rejects the query', async () => {
    const check = await judge([rule('within', 'lower', { name: 'broken', query: 'avg(parity_test_metric{' })]);
    expect(check.verdict).toBe('error');
    expect(check.reasons).toEqual([expect.stringMatching(/^performance check 'broken': Prometheus rejected the query: .*parse error/)]);
  });

  it('is an error naming the check for a placeholder it does not know', async () => {
    const check = await judge([rule('within', 'lower', { name: 'typo', query: 'avg(parity_test_metric{service="{{servce}}"})' })]);
    expect(check.verdict).toBe('error');
    expect(check.reasons).toEqual(["performance check 'typo': unknown placeholder {{servce}} (known: service, namespace, env)"]);
  });

  describe('parity gate --check-performance (the CLI)', () => {
    const policy = (query: string) =>
      `apiVersion: parity.dev/v1alpha1\nkind: ParityPolicy\nmetadata: {name: gates}\nspec:\n  gates:\n    performance:\n      - name: latency\n        query: '${query}'\n        better: lower\n`;
    const gate = (url: string, extra: string[] = []) =>
      runCli([
        'gate', '--repo', repo.dir, '--service', 'checkout-service', '--from', 'dev', '--to', 'staging',
        '--check-performance', '--prometheus', url, '--format', 'json', ...extra,
      ]);

    it('opens with a performance check in the gate JSON, and shows the table in markdown', async () => {
      await writeFile(
        join(repo.dir, 'policies/gates.yaml'),
        policy('avg(parity_test_metric{scenario="within", service="{{service}}", namespace="{{namespace}}", env="{{ env }}"})'),
      );
      const run = await gate(prometheus.url);
      const result = JSON.parse(run.stdout) as AuditResult;
      expect(result.gate?.checks?.map((check) => [check.name, check.verdict])).toEqual([['parity', 'pass'], ['performance', 'pass']]);
      expect(evidenceOf(result.gate!.checks![1]!).query).toBe('avg(parity_test_metric{scenario="within", service="checkout-service", namespace="ecommerce-dev", env="dev"})');
      expect(evidenceOf(result.gate!.checks![1]!).before.samples).toBeGreaterThan(0);
      expect(evidenceOf(result.gate!.checks![1]!).rollout).toEqual({ at: new Date(T0 * 1000).toISOString(), from: 'git', ref: rollout.ref });
      expect(run.exitCode).toBe(0);
      const markdown = await gate(prometheus.url, ['--format', 'markdown']);
      expect(markdown.stdout).toMatch(/\| performance latency \| avg\(parity\\_test\\_metric.* \| 100 \| 10[45](\.\d+)? \| 1\.05 \| 10% \| pass \|/);
    });

    describe('with the source cluster named (plain HTTP, as kubectl proxy serves it)', () => {
      /** The Deployment's current ReplicaSet was created two minutes after the promotion commit. */
      const CREATED = new Date((T0 + 120) * 1000).toISOString().replace('.000Z', 'Z');
      let api: FakeKubeApi;
      let dir: string;
      let kubeconfig: string;

      beforeAll(async () => {
        const labels = { 'app.kubernetes.io/name': 'checkout-service' };
        api = await startFakeKubeApi({
          plainHttp: true,
          objects: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              metadata: { name: 'dev-checkout-service', namespace: 'ecommerce-dev', uid: 'uid-checkout', annotations: { 'deployment.kubernetes.io/revision': '4' } },
              spec: { selector: { matchLabels: labels } },
            },
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              metadata: {
                name: 'dev-checkout-service-5f7c9d',
                namespace: 'ecommerce-dev',
                labels,
                creationTimestamp: CREATED,
                annotations: { 'deployment.kubernetes.io/revision': '4' },
                ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'dev-checkout-service', uid: 'uid-checkout' }],
              },
            },
          ],
        });
        dir = await mkdtemp(join(tmpdir(), 'parity-rollout-cli-'));
        kubeconfig = await writePlainKubeconfig(dir, { dev: api.url, down: `http://127.0.0.1:${await closedPort()}` });
        await writeFile(join(repo.dir, 'policies/gates.yaml'), policy('avg(parity_test_metric{scenario="within", service="{{service}}"})'));
      });
      afterAll(async () => {
        await api?.close();
        if (dir) await rm(dir, { recursive: true, force: true });
      });

      it("takes the rollout start from the Deployment's current ReplicaSet and says so", async () => {
        const run = await gate(prometheus.url, ['--kubeconfig', kubeconfig, '--context', 'dev']);
        const result = JSON.parse(run.stdout) as AuditResult;
        const evidence = evidenceOf(result.gate!.checks!.find((check) => check.name === 'performance')!);
        expect(evidence.rollout).toEqual({ at: new Date((T0 + 120) * 1000).toISOString(), from: 'replicaset', ref: 'dev-checkout-service-5f7c9d' });
        expect(evidence.after.start).toBe(evidence.rollout.at);
        expect(api.requests).toContain('GET /apis/apps/v1/namespaces/ecommerce-dev/deployments/dev-checkout-service');
        expect(run.exitCode).toBe(0);
        const markdown = await gate(prometheus.url, ['--kubeconfig', kubeconfig, '--context', 'dev', '--format', 'markdown']);
        expect(markdown.stdout).toContain(`rollout started ${CREATED} (ReplicaSet dev-checkout-service-5f7c9d, from the cluster)`);
      });

      it('falls back to the promotion commit when the cluster cannot be reached, and says why', async () => {
        const run = await gate(prometheus.url, ['--kubeconfig', kubeconfig, '--context', 'down']);
        const result = JSON.parse(run.stdout) as AuditResult;
        const evidence = evidenceOf(result.gate!.checks!.find((check) => check.name === 'performance')!);
        expect(evidence.rollout).toEqual({
          at: new Date(T0 * 1000).toISOString(),
          from: 'git',
          ref: rollout.ref,
          note: expect.stringMatching(/^the cluster could not tell: GET \/apis\/apps\/v1: cannot reach http:\/\/127\.0\.0\.1:\d+ \(context down\): connect ECONNREFUSED/),
        });
        expect(result.gate?.open).toBe(true);
        expect(run.exitCode).toBe(0);
      });

      it('falls back to the promotion commit when the cluster holds no such Deployment', async () => {
        api.remove('apps/v1', 'Deployment', 'dev-checkout-service', 'ecommerce-dev');
        const run = await gate(prometheus.url, ['--kubeconfig', kubeconfig, '--context', 'dev']);
        const evidence = evidenceOf((JSON.parse(run.stdout) as AuditResult).gate!.checks!.find((check) => check.name === 'performance')!);
        expect(evidence.rollout).toMatchObject({ from: 'git', ref: rollout.ref, note: 'context dev holds no current ReplicaSet of Deployment ecommerce-dev/dev-checkout-service' });
      });
    });

    describe('behind an HTTPS gateway that requires a bearer token (private CA)', () => {
      const TOKEN = 'prom-bearer-7f3a9c2e51';
      let gateway: Server;
      let url: string;
      let dir: string;
      const seen: string[] = [];

      beforeAll(async () => {
        const key = await readFile(join(import.meta.dirname, '../support/fake-kube-api.key'), 'utf8');
        gateway = createHttpsServer({ cert: FAKE_KUBE_API_CA, key }, (req, res) => {
          seen.push(req.headers.authorization === `Bearer ${TOKEN}` ? 'token' : 'none');
          if (req.headers.authorization !== `Bearer ${TOKEN}`) {
            res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized\n');
            return;
          }
          void fetch(`${prometheus.url}${req.url}`).then(async (answer) => {
            res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
          });
        });
        await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
        url = `https://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
        dir = await mkdtemp(join(tmpdir(), 'parity-prom-auth-'));
        await writeFile(join(dir, 'ca.pem'), FAKE_KUBE_API_CA);
        await writeFile(join(dir, 'token'), `${TOKEN}\n`);
        await writeFile(join(repo.dir, 'policies/gates.yaml'), policy('avg(parity_test_metric{scenario="within", service="{{service}}"})'));
      });
      afterAll(async () => {
        gateway?.closeAllConnections();
        await new Promise<void>((resolve) => (gateway ? gateway.close(() => resolve()) : resolve()));
        if (dir) await rm(dir, { recursive: true, force: true });
      });

      const expectNoToken = (run: { stdout: string; stderr: string }) => {
        expect(run.stdout).not.toContain(TOKEN);
        expect(run.stderr).not.toContain(TOKEN);
      };

      it('sends the token from PARITY_PROMETHEUS_TOKEN and trusts the CA file', async () => {
        const run = await runCli(
          ['gate', '--repo', repo.dir, '--service', 'checkout-service', '--from', 'dev', '--to', 'staging', '--check-performance', '--prometheus-ca', join(dir, 'ca.pem'), '--format', 'json'],
          { env: { PARITY_PROMETHEUS_URL: url, PARITY_PROMETHEUS_TOKEN: TOKEN } },
        );
        expect(run.stderr).toBe('');
        const result = JSON.parse(run.stdout) as AuditResult;
        expect(result.gate?.checks?.map((check) => [check.name, check.verdict])).toEqual([['parity', 'pass'], ['performance', 'pass']]);
        expect(run.exitCode).toBe(0);
        expect(seen).toContain('token');
        expectNoToken(run);
      });

      it('reads the token from --prometheus-token-file', async () => {
        seen.length = 0;
        const run = await gate(url, ['--prometheus-token-file', join(dir, 'token'), '--prometheus-ca', join(dir, 'ca.pem'), '--format', 'markdown']);
        expect(run.exitCode).toBe(0);
        expect(seen.length).toBeGreaterThan(0);
        expect(seen.every((auth) => auth === 'token')).toBe(true);
        expectNoToken(run);
      });

      it('exits 2 naming the check without the token, and without the CA', async () => {
        const unauthenticated = await gate(url, ['--prometheus-ca', join(dir, 'ca.pem')]);
        expect(unauthenticated.exitCode).toBe(2);
        expect(unauthenticated.stderr).toMatch(/^parity: performance check 'latency': .*HTTP 401/m);
        const untrusted = await gate(url, ['--prometheus-token-file', join(dir, 'token')]);
        expect(untrusted.exitCode).toBe(2);
        expect(untrusted.stderr).toMatch(/^parity: performance check 'latency': cannot reach https:\/\/127\.0\.0\.1:\d+: (SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE)/m);
        expectNoToken(untrusted);
      });

      it('takes no token as a flag value (it would land in shell history)', async () => {
        const run = await gate(url, ['--prometheus-token', TOKEN]);
        expect(run.exitCode).toBe(2);
        expect(run.stderr).toMatch(/unknown option '--prometheus-token'/);
      });
    });

    it('closes (exit 1) on a regression', async () => {
      await writeFile(join(repo.dir, 'policies/gates.yaml'), policy('avg(parity_test_metric{scenario="regress", service="{{service}}"})'));
      const run = await gate(prometheus.url);
      expect(JSON.parse(run.stdout).gate.open).toBe(false);
      expect(run.exitCode).toBe(1);
    });

    it('exits 2 naming the check on a PromQL syntax error', async () => {
      await writeFile(join(repo.dir, 'policies/gates.yaml'), policy('avg(parity_test_metric{'));
      const run = await gate(prometheus.url);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/^parity: performance check 'latency': Prometheus rejected the query: .*parse error/m);
    });

    it('exits 2 when Prometheus is unreachable', async () => {
      await writeFile(join(repo.dir, 'policies/gates.yaml'), policy('avg(parity_test_metric)'));
      const run = await gate('http://127.0.0.1:9');
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/^parity: performance check 'latency': cannot reach http:\/\/127\.0\.0\.1:9: ECONNREFUSED/m);
    });

    it('exits 2 without a Prometheus URL, before anything renders', async () => {
      const run = await runCli(['gate', '--repo', repo.dir, '--service', 'checkout-service', '--from', 'dev', '--to', 'staging', '--check-performance'], { env: {} });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/--prometheus or PARITY_PROMETHEUS_URL is required/);
    });
  });
});
