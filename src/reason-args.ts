/**
 * Why a gate closes, as data: a code and its arguments, worded by the report stage
 * (`formatGateReason` in `src/report/messages.ts`) into the result's `gate.reasons` strings.
 */
import type { ErrorCode, FindingCode, ResourceRef } from './types.js';

export type GateReason =
  /** An error of the run (a render that failed, say): its first line. */
  | { code: 'GATE_RUN_ERROR'; args: { error: ErrorCode; env: string | null; message: string } }
  /** Setting the tag in `file` would not make `to` run the promoted image; `why` are the plan's notes (none: an override elsewhere wins). */
  | { code: 'GATE_NOT_EFFECTIVE'; args: { file: string; to: string; why: string[] } }
  /** No container of the source runs the image being promoted. */
  | { code: 'GATE_IMAGE_NOT_RUNNING'; args: { env: string; image: string } }
  /** (Helm) no container of either environment runs an image of the promoted repository after the bump. */
  | { code: 'GATE_IMAGE_UNMATCHED'; args: { from: string; to: string; image: string; tag: string | null; digest: string | null } }
  /** A blocking finding of the comparison. */
  | { code: 'GATE_BLOCKING_FINDING'; args: { finding: FindingCode; resource: ResourceRef | null; path: string | null } };
