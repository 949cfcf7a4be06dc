import { bumpHelmValues } from './helm-edit.js';
import type { ImageBump, PromotionPlan } from './plan.js';
import { setImageTag, type TagReference } from './set-image-tag.js';

/** The target file's text after the promotion: a Helm values file or a kustomization. */
export function bumpTarget(text: string, plan: Pick<PromotionPlan, 'file' | 'images' | 'kind'>): string {
  return plan.kind === 'helm' ? bumpHelmValues(text, plan) : bumpKustomization(text, plan);
}

/** The target kustomization's text with every image of the plan set (an added entry pins `newName`). */
function bumpKustomization(text: string, plan: Pick<PromotionPlan, 'file' | 'images'>): string {
  let updated = text;
  for (const bump of plan.images) {
    if (bump.action !== 'noop') updated = setImageTag(updated, plan.file, bump.image, referenceOf(bump));
  }
  return updated;
}

function referenceOf(bump: ImageBump): TagReference {
  return {
    ...(bump.newName !== undefined ? { newName: bump.newName } : {}),
    ...(bump.tag !== undefined ? { newTag: bump.tag } : {}),
    ...(bump.digest !== undefined ? { digest: bump.digest } : {}),
  };
}
