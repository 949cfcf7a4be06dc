import { compareRendered } from '../pipeline/compare.js';
import { overlayKey, renderAll } from '../pipeline/render.js';
import { planAudit, type AuditOptions } from '../pipeline/plan.js';
import { renderCopies } from '../pipeline/render-through-cache.js';
import { toResultError } from '../pipeline/result-error.js';
import { ConfigError } from '../errors.js';
import { renderAfterEdit } from '../bump/render-after.js';
import { readKustomizationChain } from '../chain/read-chain.js';
import type { AuditResult } from '../types.js';
import { rollbackEdit } from './apply.js';
import type { RollbackPlan } from './plan.js';

/**
 * The audit of the rolled-back state, for information: every environment of the service as it
 * is, the rolled-back one rendered from a private copy with the rollback's edit applied — the
 * same state whether the rollback was committed or only planned (`--dry-run`).
 */
export async function auditAfterRollback(options: Omit<AuditOptions, 'services'>, plan: RollbackPlan): Promise<AuditResult> {
  const auditOptions: AuditOptions = { ...options, services: [plan.service] };
  const audited = await planAudit(auditOptions);
  const service = audited.services[0];
  const target = service?.overlays[plan.env];
  if (!service || !target) throw new ConfigError(`service '${plan.service}' has no ${plan.env} overlay`);
  const others = service.envs.filter((env) => env !== plan.env).map((env) => service.overlays[env]!);
  const { rendered, errors } = await renderAll(others, audited.renderer, auditOptions);
  try {
    const chain = await readKustomizationChain(target.dir, options.repoDir);
    const after = await renderAfterEdit(
      { service: service.name, env: plan.env, file: plan.file, edit: rollbackEdit(plan), label: 'rollback' },
      {
        repoDir: options.repoDir,
        chain,
        renderer: audited.renderer,
        overlayDir: target.relDir,
        renderCopy: (overlays, root) => renderCopies(overlays, root, audited.renderer, auditOptions),
      },
    );
    rendered.set(overlayKey(target), { ...after, overlay: target, chain, preRendered: false });
  } catch (error) {
    errors.push(toResultError(error, target));
  }
  return compareRendered(audited, { rendered, errors }, auditOptions);
}
