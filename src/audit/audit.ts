import { describeRun } from '../baseline/describe-run.js';
import { compareRendered } from '../pipeline/compare.js';
import { planAudit, type AuditOptions } from '../pipeline/plan.js';
import { renderAll } from '../pipeline/render.js';
import { selectServices } from '../shard/select-services.js';
import type { AuditResult } from '../types.js';

/** `parity audit`: render every overlay, compare environments, classify by policy. */
export async function audit(options: AuditOptions): Promise<AuditResult> {
  const full = await planAudit(options);
  const selection = await selectServices(full, options);
  const plan = { ...full, services: selection.services };
  const overlays = plan.services.flatMap((service) => service.envs.map((env) => service.overlays[env]!));
  const rendered = await renderAll(overlays, plan.renderer, options);
  const run = await describeRun(options.repoDir, plan.policy, options.now);
  return { ...(await compareRendered(plan, rendered, options)), ...selection.extra, run };
}
