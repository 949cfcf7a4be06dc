import type { AuditOptions } from '../pipeline/plan.js';
import type { RenderOutcome } from '../pipeline/render.js';
import type { PromotionPlan } from '../bump/plan.js';
import type { GateReason } from '../reason-args.js';
import type { Overlay, Renderer } from '../types.js';
import type { PromotedImageCheck } from '../rules/promoted-images.js';

/** What a gate judges, whatever renders the environments: the promotion, the renders to compare, the image invariants. */
export interface PreparedGate {
  promotion: PromotionPlan;
  /** The source as it is, the target as it will be after the bump. */
  outcome: RenderOutcome;
  /** Every image the target must run after the bump. */
  checks: PromotedImageCheck[];
  /** Why the gate closes before any comparison (a promoted tag no container runs). */
  reasons: GateReason[];
}

export interface PrepareInputs {
  service: string;
  from: string;
  to: string;
  source: Overlay;
  target: Overlay;
  renderer: Renderer;
  requireImmutableTags: boolean;
  tag?: string;
  image?: string;
  options: AuditOptions;
}
