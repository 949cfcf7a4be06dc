import { planAudit, type AuditOptions } from '../pipeline/plan.js';
import { refuse } from '../bump/refuse.js';
import { ConfigError, PromoteError } from '../errors.js';
import { groupImageNames, resolveImage } from '../bump/image-chain.js';
import { readPromotedImage } from '../bump/read-tag.js';
import { readKustomizationChain } from '../chain/read-chain.js';
import type { AuditResult, KustomizationChain, RollbackSummary } from '../types.js';
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
  if (file === undefined) throw refuse({ code: 'ROLLBACK_NO_KUSTOMIZATION', args: { env: options.env } });
  const images = rolledBackImages(chain, file, options);
  return planRollback({
    service: options.service,
    env: options.env,
    file,
    images: images.map(({ image, current }) => ({ image, current })),
    history: await readTagHistory(options.repoDir, file, new Map(images.map(({ image, names }) => [image, names])), options.env),
    ...(options.to !== undefined ? { to: options.to } : {}),
    ...(options.steps !== undefined ? { steps: options.steps } : {}),
  });
}

interface CandidateImage {
  /** The `images[].name` of the overlay's own entry. */
  image: string;
  /** Every name the image carries in the chain. */
  names: Set<string>;
  current: string | null;
}

/**
 * The images the overlay's own kustomization pins, which a rollback may move back: the one
 * `--image` names, else all of them, the service's own first (a multi-image promotion is undone
 * as a whole).
 */
function rolledBackImages(chain: KustomizationChain, file: string, options: RollbackOptions): CandidateImage[] {
  const groups = groupImageNames(chain.images);
  const candidate = (root: string): CandidateImage | null => {
    const names = groups.get(root) ?? new Set([root]);
    const entry = chain.images.find((image) => image.file === file && names.has(image.name));
    if (!entry) return null;
    const current = resolveImage(chain.images, root);
    return { image: entry.name, names, current: current.digest ?? current.tag ?? null };
  };
  if (options.image !== undefined) {
    const name = readPromotedImage(chain, options.image, options.service).name;
    const only = candidate(name);
    if (!only) throw refuse({ code: 'ROLLBACK_NO_IMAGES_ENTRY', args: { env: options.env, images: [name] } }, { file });
    return [only];
  }
  const own = ownImage(chain, options.service);
  const roots = [...groups.keys()].sort((a, b) => Number(b === own) - Number(a === own));
  const all = roots.flatMap((root) => candidate(root) ?? []);
  if (all.length === 0) {
    // No images: entry anywhere in the chain: readPromotedImage's error says how to add one.
    if (groups.size === 0) readPromotedImage(chain, undefined, options.service);
    throw refuse({ code: 'ROLLBACK_NO_IMAGES_ENTRY', args: { env: options.env, images: own !== undefined ? [own] : [...groups.keys()] } }, { file });
  }
  return all;
}

/** The service's own image when the chain says which (the only one, or the one named after it). */
function ownImage(chain: KustomizationChain, service: string): string | undefined {
  try {
    return readPromotedImage(chain, undefined, service).name;
  } catch (error) {
    // PromoteError: several images, none named after the service; keep the chain's order.
    if (error instanceof PromoteError) return undefined;
    throw error;
  }
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
    images: plan.images,
    reverts: plan.reverts,
    laterCommits: plan.laterCommits,
    commit: applied.commit,
    message: plan.commitMessage,
    diff: applied.diff,
  };
}
