import type { Rollout } from '../gate/checks/rollout-time.js';
import type { CheckContext, GateCheckRunner } from '../gate/checks/run-checks.js';
import { formatIncidentReason, formatPerformanceReason } from '../report/messages.js';
import { parseDuration } from '../util/duration.js';
import type { GateCheck } from '../types.js';
import { endpointOf } from './endpoint.js';
import type { CheckFlags } from './check-options.js';
import { healthCheck } from './health.js';
import { kubeClientOptionsOf } from './kube-flags.js';

/** The checks the flags ask for, in order; their endpoints and durations are read before anything renders. */
export function checksOf(flags: CheckFlags, timeoutMs?: number): Array<{ name: GateCheck['name']; run: GateCheckRunner }> {
  const checks: Array<{ name: GateCheck['name']; run: GateCheckRunner }> = [];
  if (flags.checkHealth) checks.push({ name: 'health', run: healthCheck(flags, timeoutMs) });
  if (flags.checkPerformance) checks.push({ name: 'performance', run: performanceCheck(flags, timeoutMs) });
  if (flags.checkIncidents) checks.push({ name: 'incidents', run: incidentsCheck(flags, timeoutMs) });
  return checks;
}

function performanceCheck(flags: CheckFlags, timeoutMs?: number): GateCheckRunner {
  const endpoint = endpointOf({ flag: 'prometheus', env: 'PARITY_PROMETHEUS' }, { url: flags.prometheus, tokenFile: flags.prometheusTokenFile, ca: flags.prometheusCa }, timeoutMs);
  const minWindowMs = parseDuration(flags.soak);
  return async (context) => {
    const rollout = await rolloutOf(flags, context, timeoutMs);
    if (!rollout) {
      const reasons = [formatPerformanceReason({ code: 'PERF_NO_ROLLOUT', args: { env: context.env, file: context.tagFile } })];
      return { name: 'performance', verdict: 'error', reasons };
    }
    // The checks' own modules load when a check runs, not with every gate.
    const { checkPerformance } = await import('../gate/checks/performance.js');
    return checkPerformance({ endpoint, rules: context.policy.gates.performance, vars: varsOf(context), rollout, now: new Date(), minWindowMs });
  };
}

function incidentsCheck(flags: CheckFlags, timeoutMs?: number): GateCheckRunner {
  const endpoint = endpointOf({ flag: 'alertmanager', env: 'PARITY_ALERTMANAGER' }, { url: flags.alertmanager, tokenFile: flags.alertmanagerTokenFile, ca: flags.alertmanagerCa }, timeoutMs);
  return async (context) => {
    const declared = context.policy.gates.incidents;
    if (!declared) return { name: 'incidents', verdict: 'error', reasons: [formatIncidentReason({ code: 'INCIDENT_NO_MATCHERS', args: {} })] };
    const { checkIncidents } = await import('../gate/checks/incidents.js');
    return checkIncidents({ endpoint, matchers: declared.matchers, vars: varsOf(context) });
  };
}

function varsOf(context: CheckContext) {
  return { service: context.service.name, namespace: context.source.chain.namespace ?? 'default', env: context.env };
}

/** The rollout start: the cluster's current ReplicaSet when a cluster is named, else (or when it cannot tell) git. */
async function rolloutOf(flags: CheckFlags, context: CheckContext, timeoutMs?: number): Promise<Rollout | null> {
  const named = Boolean(flags.context || flags.kubeconfig);
  const client = named ? (await import('../live/kube.js')).createKubeClient(kubeClientOptionsOf(flags, timeoutMs)) : null;
  const deployment = context.source.resources.find((resource) => resource.kind === 'Deployment');
  const { findRollout } = await import('../gate/checks/rollout-time.js');
  return findRollout({
    client,
    namespace: context.source.chain.namespace ?? client?.namespace ?? 'default',
    deployment: deployment?.metadata.name ?? null,
    repoDir: context.repoDir,
    tagFile: context.tagFile,
  });
}
