import type { IncidentReason } from '../../reason-args.js';
import { formatIncidentReason } from '../../report/messages.js';
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
    return erred({ code: 'INCIDENT_TEMPLATE', args: { message: (error as Error).message } });
  }
  const params = new URLSearchParams({ active: 'true', silenced: 'false', inhibited: 'false' });
  for (const matcher of matchers) params.append('filter', matcher);
  try {
    const answer = await requestJson(input.endpoint, `api/v2/alerts?${params.toString()}`);
    if (answer.status !== 200 || !Array.isArray(answer.body)) {
      const body = typeof answer.body === 'string' ? answer.body : null;
      return erred({ code: 'INCIDENT_QUERY_REFUSED', args: { status: answer.status, body } }, matchers);
    }
    const evidence: IncidentEvidence = { matchers, alerts: (answer.body as AlertmanagerAlert[]).map(toEvidence).sort(byStart) };
    const reasons = evidence.alerts.map((alert): IncidentReason => ({ code: 'INCIDENT_OPEN', args: alert }));
    return { name: 'incidents', verdict: reasons.length > 0 ? 'fail' : 'pass', reasons: reasons.map(formatIncidentReason), evidence };
  } catch (error) {
    // requestJson reports every failure to ask as an UnreachableError.
    return erred({ code: 'INCIDENT_UNREACHABLE', args: { message: (error as Error).message } }, matchers);
  }
}

/** The check could not run; with the matchers once they are known. */
function erred(reason: IncidentReason, matchers?: string[]): GateCheck {
  return { name: 'incidents', verdict: 'error', reasons: [formatIncidentReason(reason)], ...(matchers ? { evidence: { matchers, alerts: [] } } : {}) };
}

function toEvidence(alert: AlertmanagerAlert): IncidentEvidence['alerts'][number] {
  const labels = alert.labels ?? {};
  return { name: labels.alertname ?? '(no alertname)', labels, startsAt: alert.startsAt ?? '', generatorURL: alert.generatorURL ?? '' };
}

function byStart(a: { startsAt: string; name: string }, b: { startsAt: string; name: string }): number {
  return a.startsAt.localeCompare(b.startsAt) || a.name.localeCompare(b.name);
}
