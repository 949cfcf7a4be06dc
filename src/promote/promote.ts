import { gate, type GateOptions } from '../gate/gate.js';
import { headCommit } from '../git/repo-state.js';
import { VERSION } from '../version.js';
import type { AuditResult, PromotionSummary } from '../types.js';
import { applyPromotion } from './apply.js';
import type { PromotionPlan } from './plan.js';

export interface PromoteOptions extends GateOptions {
  dryRun?: boolean;
  /** `--no-commit`: write the file, commit nothing. */
  commit?: boolean;
}

/**
 * `parity promote`: the gate, then — only when it is open — the write: the new tag in the
 * target kustomization (comments and order kept) and one commit. A closed gate or an error
 * writes nothing.
 */
export async function promote(options: PromoteOptions): Promise<AuditResult> {
  const auditedCommit = options.dryRun ? null : await headCommit(options.repoDir);
  const { result, plan } = await gate(options);
  if (!plan) return result;
  // A target on another repository is not "already there" even when the tag matches.
  if (plan.action === 'noop' && plan.effective) {
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
    notes: plan.reasons,
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
    },
  };
}
