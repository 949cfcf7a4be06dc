import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIncidents } from '../../src/gate/checks/incidents.js';
import type { AuditResult, IncidentEvidence } from '../../src/types.js';
import { hasBinary, startAlertmanager, type RunningServer } from '../support/monitoring.js';
import { runCli } from '../support/run-cli.js';
import { FIXTURES } from '../support/temp-copy.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';
import { missingTool } from '../support/required-tool.js';

const MATCHERS = ['severity=~"P1|P2"', 'service="{{service}}"'];
const VARS = { service: 'checkout-service', namespace: 'ecommerce-dev', env: 'dev' };
const STARTED = new Date(Date.now() - 30 * 60_000).toISOString();

const alert = (name: string, labels: Record<string, string>) => ({
  labels: { alertname: name, ...labels },
  startsAt: STARTED,
  generatorURL: `http://prometheus.example/graph?g0.expr=${name}`,
});

async function post(url: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${path}: HTTP ${response.status} ${await response.text()}`);
}

const available = await hasBinary('alertmanager');

describe.skipIf(missingTool(available, 'prometheus-alertmanager'))('incident gate against a real Alertmanager', () => {
  let alertmanager: RunningServer;

  beforeAll(async () => {
    alertmanager = await startAlertmanager();
  }, 60_000);
  afterAll(async () => {
    await alertmanager?.stop();
  });

  const judge = (service = 'checkout-service') => checkIncidents({ endpoint: { url: alertmanager.url }, matchers: MATCHERS, vars: { ...VARS, service } });

  it('passes with no alerts at all', async () => {
    const check = await judge();
    expect(check).toEqual({ name: 'incidents', verdict: 'pass', reasons: [], evidence: { matchers: ['severity=~"P1|P2"', 'service="checkout-service"'], alerts: [] } });
  });

  describe('with alerts posted to its API', () => {
    beforeAll(async () => {
      await post(alertmanager.url, '/api/v2/alerts', [
        alert('CheckoutErrorBudgetBurn', { severity: 'P1', service: 'checkout-service' }),
        alert('CheckoutLatencyWarning', { severity: 'P3', service: 'checkout-service' }),
        alert('PaymentsDown', { severity: 'P1', service: 'payments-service' }),
        alert('CheckoutQueueBacklog', { severity: 'P2', service: 'checkout-service', queue: 'orders' }),
      ]);
      const endsAt = new Date(Date.now() + 3_600_000).toISOString();
      await post(alertmanager.url, '/api/v2/silences', {
        matchers: [{ name: 'alertname', value: 'CheckoutQueueBacklog', isRegex: false, isEqual: true }],
        startsAt: new Date().toISOString(),
        endsAt,
        createdBy: 'parity-test',
        comment: 'known backlog',
      });
    });

    it('closes on each matching open alert with its name, labels, start time and generatorURL; silenced ones do not count', async () => {
      const check = await judge();
      expect(check.verdict).toBe('fail');
      const evidence = check.evidence as IncidentEvidence;
      expect(evidence.alerts).toEqual([
        {
          name: 'CheckoutErrorBudgetBurn',
          labels: { alertname: 'CheckoutErrorBudgetBurn', severity: 'P1', service: 'checkout-service' },
          startsAt: expect.stringMatching(new RegExp(`^${STARTED.slice(0, 19)}`)),
          generatorURL: 'http://prometheus.example/graph?g0.expr=CheckoutErrorBudgetBurn',
        },
      ]);
      expect(check.reasons).toEqual([
        expect.stringMatching(/^incidents: open alert CheckoutErrorBudgetBurn \{service="checkout-service", severity="P1"\} since .* \(http:\/\/prometheus\.example\/graph\?g0\.expr=CheckoutErrorBudgetBurn\)$/),
      ]);
    });

    it('fills the service into the matchers', async () => {
      const check = await judge('payments-service');
      expect((check.evidence as IncidentEvidence).alerts.map((item) => item.name)).toEqual(['PaymentsDown']);
      expect((await judge('catalog-service')).verdict).toBe('pass');
    });

    it('is an error when Alertmanager refuses a matcher', async () => {
      const check = await checkIncidents({ endpoint: { url: alertmanager.url }, matchers: ['severity=~"("'], vars: VARS });
      expect(check.verdict).toBe('error');
      expect(check.reasons[0]).toMatch(/^incidents: Alertmanager refused the query/);
    });

    describe('parity gate --check-incidents (the CLI)', () => {
      let repo: TempRepo;
      beforeAll(async () => {
        repo = await createTempRepo({}, join(FIXTURES, 'ecommerce-infra'));
        await writeFile(
          join(repo.dir, 'policies/gates.yaml'),
          `apiVersion: parity.dev/v1alpha1\nkind: ParityPolicy\nmetadata: {name: gates}\nspec:\n  gates:\n    incidents:\n      matchers: ['severity=~"P1|P2"', 'service="{{service}}"']\n`,
        );
      });
      afterAll(async () => repo?.remove());
      const gate = (url: string) =>
        runCli(['gate', '--repo', repo.dir, '--service', 'checkout-service', '--from', 'dev', '--to', 'staging', '--check-incidents', '--format', 'json'], {
          env: { PARITY_ALERTMANAGER_URL: url },
        });

      it('closes the gate (exit 1) and lists the alert in the incidents check', async () => {
        const run = await gate(alertmanager.url);
        const result = JSON.parse(run.stdout) as AuditResult;
        const check = result.gate!.checks!.find((item) => item.name === 'incidents')!;
        expect(check.verdict).toBe('fail');
        expect((check.evidence as IncidentEvidence).alerts.map((item) => item.name)).toEqual(['CheckoutErrorBudgetBurn']);
        expect(result.gate!.open).toBe(false);
        expect(run.exitCode).toBe(1);
      });

      it('exits 2 when Alertmanager is unreachable', async () => {
        const run = await gate('http://127.0.0.1:9');
        expect(run.exitCode).toBe(2);
        expect(run.stderr).toMatch(/^parity: incidents: cannot reach http:\/\/127\.0\.0\.1:9: ECONNREFUSED/m);
      });
    });
  });
});
