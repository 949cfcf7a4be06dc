import type { GateCheck, Policy, RenderedOverlay, ResultError, ServiceSpec } from '../../types.js';

/** What a gate check may look at: the service, its rendered source overlay and the policy. */
export interface CheckContext {
  service: ServiceSpec;
  /** The source environment. */
  env: string;
  source: RenderedOverlay;
  repoDir: string;
  /** Repo-relative kustomization that sets the promoted tag in the source. */
  tagFile: string;
  policy: Policy;
}

/** One check the gate runs after the parity comparison; it returns its verdict as data. */
export type GateCheckRunner = (context: CheckContext) => Promise<GateCheck>;

/** The parity comparison itself, as a check: its reasons are the gate's own. */
export function parityCheck(reasons: string[], errors: ResultError[]): GateCheck {
  const verdict = errors.length > 0 ? 'error' : reasons.length > 0 ? 'fail' : 'pass';
  return { name: 'parity', verdict, reasons };
}

/** Runs the requested checks one after another; without a rendered source none can run. */
export async function runChecks(runners: GateCheckRunner[], context: CheckContext | null, names: GateCheck['name'][]): Promise<GateCheck[]> {
  if (!context) return names.map((name) => ({ name, verdict: 'error', reasons: [`${name}: not run, the source overlay did not render`] }));
  const checks: GateCheck[] = [];
  for (const run of runners) checks.push(await run(context));
  return checks;
}

/** A check that could not run is a result error (exit 2) naming it. */
export function checkErrors(checks: GateCheck[], service: string, env: string): ResultError[] {
  return checks
    .filter((check) => check.verdict === 'error')
    .flatMap((check) => (check.reasons.length > 0 ? check.reasons : [`${check.name}: could not run`]).map((message) => ({ code: 'CHECK_FAILED' as const, service, env, message })));
}
