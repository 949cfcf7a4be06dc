import { planAudit, type AuditOptions } from '../pipeline/plan.js';
import { renderAll } from '../pipeline/render.js';
import { buildResult } from '../pipeline/build-result.js';
import { renderersUsed } from '../pipeline/renderers-used.js';
import { locateSources } from '../pipeline/locate-sources.js';
import { findLiveDrift } from '../live/drift.js';
import { createKubeClient, type KubeClient } from '../live/kube.js';
import { classify } from '../policy/classify.js';
import { wordFinding } from '../report/word-finding.js';
import { createSourceLocator } from '../source/locate-source.js';
import { createIgnoreCounter } from './ignore-counter.js';
import type { AuditResult, Candidate, EnvResources } from '../types.js';

export interface DriftOptions extends Omit<AuditOptions, 'envs' | 'pairs'> {
  env: string;
  context?: string;
  kubeconfig?: string;
  /** Accept a plain-HTTP API server that is not on loopback. */
  allowInsecureHttp?: boolean;
  /** Injected client (tests); built from the kubeconfig and context otherwise. */
  client?: KubeClient;
}

/**
 * `parity drift`: the environment's rendered desired state against the live objects. Only
 * fields the repo sets are compared (plus extra keyed list items); each drift names the field
 * manager and time. Any failed API call throws: a partial answer is never reported clean.
 * With `argocd`, each service's Application's `ignoreDifferences` is honoured and the
 * differences it left out are counted (`ignoredDifferences`).
 */
export async function drift(options: DriftOptions): Promise<AuditResult> {
  const plan = await planAudit({ ...options, envs: [options.env] });
  const ignore = createIgnoreCounter(plan.applications, options.env);
  const overlays = plan.services.map((service) => service.overlays[options.env]!);
  const outcome = await renderAll(overlays, plan.renderer, options);
  const client =
    options.client ??
    createKubeClient({
      ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
      ...(options.context ? { context: options.context } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
    });
  const candidates: Candidate[] = [];
  const envs: EnvResources[] = [];
  for (const rendered of outcome.rendered.values()) {
    const { overlay, chain } = rendered;
    envs.push({ service: overlay.service, env: overlay.env, overlay, chain, resources: [] });
    const ignored = ignore.forService(overlay.service);
    candidates.push(
      ...(await findLiveDrift({
        service: overlay.service,
        env: overlay.env,
        desired: rendered.resources,
        ...(chain.namespace ? { namespace: chain.namespace } : {}),
        client,
        context: client.context,
        ...(ignored ? { ignore: ignored } : {}),
      })),
    );
  }
  const located = locateSources(candidates, envs, createSourceLocator(options.repoDir, { kustomizations: outcome.kustomizations }));
  const findings = classify(located, plan.policy, {
    now: options.now ?? new Date(),
    failOn: options.failOn ?? 'error',
    // No env pair is compared here, so pair-scoped allow rules are not reported stale.
    audited: { services: plan.services.map((service) => service.name), pairs: [] },
  }).map(wordFinding);
  const result = buildResult({
    renderer: plan.renderer.info,
    renderers: renderersUsed(plan.renderer.info, outcome.rendered.values()),
    services: plan.services.map((service) => ({ ...service, envs: [options.env] })),
    pairs: [],
    findings,
    errors: outcome.errors,
    renders: outcome.rendered.size,
  });
  return options.argocd ? { ...result, ignoredDifferences: ignore.count() } : result;
}
