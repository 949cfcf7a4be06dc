import { planAudit, type AuditOptions } from '../audit/audit.js';
import { ConfigError, PromoteError } from '../errors.js';
import { groupImageNames, resolveImage } from '../promote/image-chain.js';
import { readPromotedImage } from '../promote/read-tag.js';
import { readKustomizationChain } from '../render/read-chain.js';
import type { AuditResult, RollbackSummary } from '../types.js';
import { VERSION } from '../version.js';
import { applyRollback } from './apply.js';
import { auditAfterRollback } from './audit-after.js';
import { readTagHistory } from './history.js';
import { planRollback, type RollbackPlan } from './plan.js';

export interface RollbackOptions extends Omit<AuditOptions, 'services' | 'envs' | 'pairs'> {
  service: string;
  env: string;
  to?: string;
  steps?: number;
  image?: string;
  dryRun?: boolean;
}

/**
 * `parity rollback`: restores the tag the environment ran before its last promotion(s) with one
 * commit (or plans it, `--dry-run`), then audits the service in its rolled-back state as
 * information (the gate does not run: a rollback goes back to what already ran there).
 */
export async function rollback(options: RollbackOptions): Promise<AuditResult> {
  if (options.to !== undefined && options.steps !== undefined) throw new ConfigError('--to and --steps exclude each other');
  const plan = await planFor(options);
  const applied = await applyRollback(plan, { repoDir: options.repoDir, version: VERSION, dryRun: options.dryRun ?? false });
  const result = await auditAfterRollback(options, plan);
  result.rollback = summarize(plan, applied);
  return result;
}

async function planFor(options: RollbackOptions): Promise<RollbackPlan> {
  const audited = await planAudit({ ...options, services: [options.service], envs: [options.env] });
  const overlay = audited.services[0]?.overlays[options.env];
  if (!overlay) throw new ConfigError(`service '${options.service}' has no ${options.env} overlay`);
  const chain = await readKustomizationChain(overlay.dir, options.repoDir);
  const file = chain.files[0];
  if (file === undefined) throw new PromoteError(`the ${options.env} overlay has no kustomization`);
  const name = readPromotedImage(chain, options.image, options.service).name;
  const names = groupImageNames(chain.images).get(name) ?? new Set([name]);
  const entry = chain.images.find((image) => image.file === file && names.has(image.name));
  if (!entry) throw new PromoteError(`the ${options.env} kustomization has no images: entry for ${name} to roll back`, { file });
  const current = resolveImage(chain.images, name);
  return planRollback({
    service: options.service,
    env: options.env,
    file,
    image: entry.name,
    current: current.digest ?? current.tag ?? null,
    history: await readTagHistory(options.repoDir, file, names, options.env),
    ...(options.to !== undefined ? { to: options.to } : {}),
    ...(options.steps !== undefined ? { steps: options.steps } : {}),
  });
}

function summarize(plan: RollbackPlan, applied: Awaited<ReturnType<typeof applyRollback>>): RollbackSummary {
  return {
    status: applied.status,
    service: plan.service,
    env: plan.env,
    file: plan.file,
    image: plan.image,
    from: plan.from,
    tag: plan.tag,
    reverts: plan.reverts,
    laterCommits: plan.laterCommits,
    commit: applied.commit,
    message: plan.commitMessage,
    diff: applied.diff,
  };
}
