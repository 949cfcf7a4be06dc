import { gate, type GateOptions } from '../gate/gate.js';
import { headCommit, isDirty } from '../git/repo-state.js';
import { refuse } from '../bump/refuse.js';
import { isDigestForm, referenceProblem } from '../images/grammar.js';
import { formatPromoteNote } from '../report/messages.js';
import { VERSION } from '../version.js';
import type { AuditResult, PromotionSummary } from '../types.js';
import { applyPromotion } from './apply.js';
import type { PromotionPlan } from '../bump/plan.js';

export interface PromoteOptions extends GateOptions {
  dryRun?: boolean;
  /** `--no-commit`: write the file, commit nothing. */
  commit?: boolean;
}

/**
 * `parity promote`: the gate, then — only when it is open — the write: the new tag in the
 * target kustomization or, for a Helm environment, its own values file (comments and order
 * kept) and one commit. A closed gate or an error
 * writes nothing.
 */
export async function promote(options: PromoteOptions): Promise<AuditResult> {
  checkTagOption(options.tag);
  const auditedCommit = options.dryRun ? null : await headCommit(options.repoDir);
  const { result, plan } = await gate(options);
  if (!plan) return result;
  // A target on another repository is not "already there" even when the tag matches.
  if (plan.action === 'noop' && plan.effective) {
    await refuseUncommittedTarget(plan, options.repoDir);
    result.promotion = summarize(plan, { status: 'noop', commit: null, diff: '' });
    return result;
  }
  if (!result.gate?.open || result.errors.length) {
    result.promotion = summarize(plan, { status: 'refused', commit: null, diff: '' });
    return result;
  }
  const applied = await applyPromotion(plan, {
    repoDir: options.repoDir,
    commit: options.commit ?? true,
    dryRun: options.dryRun ?? false,
    version: VERSION,
    auditedCommit: auditedCommit ?? '',
  });
  result.promotion = summarize(plan, applied);
  return result;
}

/** `--tag` is checked against the OCI grammar before the gate reads or renders anything. */
function checkTagOption(tag: string | undefined): void {
  if (tag === undefined) return;
  const problem = referenceProblem(isDigestForm(tag) ? { digest: tag } : { tag });
  if (problem) throw refuse({ code: 'PROMOTE_INVALID_TAG_OPTION', args: { problem } });
}

/**
 * The target already holds the tag, but maybe only in the working tree: a promote killed
 * between its write and its commit. Which run wrote it, and against which audited commit, is
 * unknown, so committing it now would be a guess: refuse instead.
 */
async function refuseUncommittedTarget(plan: PromotionPlan, repoDir: string): Promise<void> {
  if (!(await isDirty(repoDir, [plan.file]))) return;
  throw refuse({ code: 'PROMOTE_UNCOMMITTED_TARGET', args: {} }, { file: plan.file });
}

function summarize(
  plan: PromotionPlan,
  applied: { status: PromotionSummary['status']; commit: string | null; diff: string },
): PromotionSummary {
  return {
    status: applied.status,
    service: plan.service,
    from: plan.from,
    to: plan.to,
    image: plan.image,
    tag: plan.tag ?? plan.digest ?? null,
    file: plan.file,
    commit: applied.commit,
    message: plan.commitMessage,
    diff: applied.diff,
    notes: plan.reasons.map(formatPromoteNote),
    plan: {
      image: plan.image,
      tag: plan.tag ?? null,
      digest: plan.digest ?? null,
      currentTag: plan.currentTag,
      currentDigest: plan.currentDigest,
      file: plan.file,
      line: plan.line,
      action: plan.action,
      effective: plan.effective,
      commitMessage: plan.commitMessage,
      source: plan.source,
      tagFrom: plan.tagFrom,
    },
    images: plan.images.map((bump) => ({
      image: bump.image,
      tag: bump.tag ?? null,
      digest: bump.digest ?? null,
      currentTag: bump.currentTag,
      currentDigest: bump.currentDigest,
      action: bump.action,
    })),
  };
}
