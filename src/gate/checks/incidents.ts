import type { GateCheck, IncidentEvidence } from '../../types.js';
import { requestJson, type Endpoint } from './http-json.js';
import { fillTemplate, type TemplateVars } from './template.js';

export interface IncidentInput {
  endpoint: Endpoint;
  /** Alertmanager matcher templates from the policy (`severity=~"P1|P2"`, `service="{{service}}"`). */
  matchers: string[];
  vars: TemplateVars;
}

interface AlertmanagerAlert {
  labels?: Record<string, string>;
  startsAt?: string;
  generatorURL?: string;
}

/**
 * The incident gate: any alert that is active, not silenced and not inhibited and matches
 * every matcher closes it. An unreachable Alertmanager, or one that refuses the matchers, is
 * an error.
 */
export async function checkIncidents(input: IncidentInput): Promise<GateCheck> {
  let matchers: string[];
  try {
    matchers = input.matchers.map((matcher) => fillTemplate(matcher, input.vars));
  } catch (error) {
    return { name: 'incidents', verdict: 'error', reasons: [`incidents: ${(error as Error).message}`] };
  }
  const params = new URLSearchParams({ active: 'true', silenced: 'false', inhibited: 'false' });
  for (const matcher of matchers) params.append('filter', matcher);
  try {
    const answer = await requestJson(input.endpoint, `api/v2/alerts?${params.toString()}`);
    if (answer.status !== 200 || !Array.isArray(answer.body)) {
      const why = typeof answer.body === 'string' ? answer.body : `HTTP ${answer.status}`;
      return { name: 'incidents', verdict: 'error', reasons: [`incidents: Alertmanager refused the query: ${why}`], evidence: { matchers, alerts: [] } };
    }
    const evidence: IncidentEvidence = { matchers, alerts: (answer.body as AlertmanagerAlert[]).map(toEvidence).sort(byStart) };
    const reasons = evidence.alerts.map((alert) => `incidents: open alert ${alert.name} ${labelsOf(alert.labels)} since ${alert.startsAt}${alert.generatorURL ? ` (${alert.generatorURL})` : ''}`);
    return { name: 'incidents', verdict: reasons.length > 0 ? 'fail' : 'pass', reasons, evidence };
  } catch (error) {
    return { name: 'incidents', verdict: 'error', reasons: [`incidents: ${(error as Error).message}`], evidence: { matchers, alerts: [] } };
  }
}

function toEvidence(alert: AlertmanagerAlert): IncidentEvidence['alerts'][number] {
  const labels = alert.labels ?? {};
  return { name: labels.alertname ?? '(no alertname)', labels, startsAt: alert.startsAt ?? '', generatorURL: alert.generatorURL ?? '' };
}

/** `{service="checkout-service", severity="P1"}`, the alert name left out (it is said already). */
function labelsOf(labels: Record<string, string>): string {
  const pairs = Object.entries(labels)
    .filter(([key]) => key !== 'alertname')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return `{${pairs.join(', ')}}`;
}

function byStart(a: { startsAt: string; name: string }, b: { startsAt: string; name: string }): number {
  return a.startsAt.localeCompare(b.startsAt) || a.name.localeCompare(b.name);
}
