import { VERSION } from '../version.js';
import type { AuditResult, Finding, RendererInfo, ResultError, ServiceSpec } from '../types.js';

/** Assembles the contract's result object; reporters only format it. */
export function buildResult(input: {
  renderer: RendererInfo | null;
  /** Every renderer the run used, when more than Kustomize (see renderers-used.ts). */
  renderers?: RendererInfo[] | undefined;
  services: ServiceSpec[];
  pairs: Array<[string, string]>;
  findings: Finding[];
  errors: ResultError[];
  renders: number;
  withoutBuildMetadata?: AuditResult['withoutBuildMetadata'];
  values?: AuditResult['values'];
}): AuditResult {
  const { findings, withoutBuildMetadata } = input;
  return {
    schemaVersion: 1,
    tool: { name: 'parity', version: VERSION },
    renderer: input.renderer,
    ...(input.renderers?.length ? { renderers: input.renderers } : {}),
    services: input.services.map((service) => ({ name: service.name, envs: [...service.envs] })),
    pairs: input.pairs,
    findings,
    errors: input.errors,
    summary: {
      services: input.services.length,
      renders: input.renders,
      findings: findings.length,
      blocking: findings.filter((finding) => finding.blocking).length,
      allowed: findings.filter((finding) => finding.allowed !== null).length,
      warnings: findings.filter((finding) => !finding.blocking && finding.allowed === null).length,
    },
    ...(withoutBuildMetadata?.length ? { withoutBuildMetadata } : {}),
    ...(input.values?.length ? { values: input.values } : {}),
  };
}

/** Exit code of a result under the contract: 2 errors, 1 blocking findings, 0 otherwise. */
export function exitCodeOf(result: AuditResult): 0 | 1 | 2 {
  if (result.errors.length > 0) return 2;
  // Nothing to promote is a success whatever the gate says: nothing will be written.
  if (result.promotion?.status === 'noop') return 0;
  if (result.gate && !result.gate.open) return 1;
  return result.summary.blocking > 0 ? 1 : 0;
}

/**
 * The union of pairs, in promotion order: by the position of each side in `environments`
 * (the config's order), so `qa → staging` comes before `prod-us → prod-eu` whichever service
 * listed its pairs first. Pairs naming an unknown environment keep their first-seen order, last.
 */
export function unionPairs(lists: Array<Array<[string, string]>>, environments: readonly string[] = []): Array<[string, string]> {
  const seen = new Map<string, [string, string]>();
  for (const list of lists) for (const pair of list) seen.set(pair.join(':'), pair);
  const rank = (env: string): number => {
    const index = environments.indexOf(env);
    return index < 0 ? environments.length : index;
  };
  return [...seen.values()].sort(([a1, b1], [a2, b2]) => rank(a1) - rank(a2) || rank(b1) - rank(b2));
}
