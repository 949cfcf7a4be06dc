/**
 * Why a gate closes and what a promotion plan notes, as data: a code and its arguments, worded
 * by the report stage (`formatGateReason`, `formatPromoteNote`, `formatHealthReason`,
 * `formatPerformanceReason`, `formatIncidentReason` in `src/report/messages.ts`) into
 * the result's `gate.reasons` and `promotion.notes` strings.
 */
import type { ErrorCode, FindingCode, ResourceRef } from './types.js';

export type GateReason =
  /** An error of the run (a render that failed, say): its first line. */
  | { code: 'GATE_RUN_ERROR'; args: { error: ErrorCode; env: string | null; message: string } }
  /** Setting the tag in `file` would not make `to` run the promoted image; `why` are the plan's notes (none: an override elsewhere wins). */
  | { code: 'GATE_NOT_EFFECTIVE'; args: { file: string; to: string; why: PromoteNote[] } }
  /** No container of the source runs the image being promoted. */
  | { code: 'GATE_IMAGE_NOT_RUNNING'; args: { env: string; image: string } }
  /** (Helm) no container of either environment runs an image of the promoted repository after the bump. */
  | { code: 'GATE_IMAGE_UNMATCHED'; args: { from: string; to: string; image: string; tag: string | null; digest: string | null } }
  /** A blocking finding of the comparison. */
  | { code: 'GATE_BLOCKING_FINDING'; args: { finding: FindingCode; resource: ResourceRef | null; path: string | null } };

/** Where a Helm values setting comes from: a values file's line, inline values or a parameter of the Application or config that declares them. */
export type SettingSource =
  | { kind: 'file'; file: string; line: number | null }
  | { kind: 'inline'; file: string; line: number | null }
  | { kind: 'parameter'; name: string; file: string; line: number | null };

/** A note of a promotion plan: what it overrides, drops, or why it would not take effect. */
export type PromoteReason =
  | { code: 'PROMOTE_TAG_OVERRIDE'; args: { tag: string; from: string } }
  | { code: 'PROMOTE_ALREADY_RUNS'; args: { to: string; reference: string } }
  | { code: 'PROMOTE_DROPS_DIGEST'; args: { digest: string; file: string } }
  | { code: 'PROMOTE_DROPS_TAG'; args: { tag: string; file: string } }
  /** An inner kustomization renames the image, so the target's entry for it does not apply. */
  | { code: 'PROMOTE_ENTRY_RENAMED'; args: { image: string; arriving: string; entry: string; file: string } }
  | { code: 'PROMOTE_OTHER_REPOSITORY'; args: { to: string; toRepository: string; from: string; fromRepository: string } }
  | { code: 'PROMOTE_STILL_RUNS'; args: { to: string; reference: string } }
  /** (Helm) a values layer applied after the target's own file sets the key again. */
  | { code: 'PROMOTE_VALUES_OVERRIDDEN'; args: { key: string; setting: SettingSource; file: string } }
  /** (Helm) a digest setting would still pin the old image (the promoted reference has none). */
  | { code: 'PROMOTE_DIGEST_PINNED'; args: { key: string; digest: string; setting: SettingSource } };

/** A plan's note, naming its image when the promotion carries several. */
export type PromoteNote = PromoteReason & { image?: string };

/** Why a workload is not healthy yet (the gate's `health` check), without the workload. */
export type HealthProblem =
  | { code: 'HEALTH_NOT_FOUND'; args: { namespace: string; context: string } }
  | { code: 'HEALTH_GENERATION_NOT_OBSERVED'; args: { generation: number; observed: number | null } }
  | { code: 'HEALTH_REPLICAS_SHORT'; args: { have: number; want: number; state: 'updated' | 'ready' | 'available' } }
  | { code: 'HEALTH_OLD_REPLICAS'; args: { total: number; desired: number } }
  | { code: 'HEALTH_ROLLOUT_STUCK'; args: { message: string | null } }
  | { code: 'HEALTH_NOT_AVAILABLE'; args: { reason: string | null; message: string | null } }
  /** Available, but no lastTransitionTime says since when (and a soak time is asked for). */
  | { code: 'HEALTH_SOAK_UNKNOWN'; args: Record<string, never> }
  | { code: 'HEALTH_SOAKING'; args: { elapsedMs: number; soakMs: number } }
  | { code: 'HEALTH_ROLLOUT_IN_PROGRESS'; args: { current: string; update: string } };

/** A health problem of one workload. */
export type HealthReason = HealthProblem & { workload: { kind: string; name: string } };

/** Why the performance check fails or could not run; `check` names the policy's query, absent when the whole check is concerned. */
export type PerformanceReason =
  /** The policy declares no `spec.gates.performance` checks. */
  | { code: 'PERF_NO_CHECKS'; args: Record<string, never> }
  /** No commit changed the image in `file`, so when the `env` rollout started is unknown. */
  | { code: 'PERF_NO_ROLLOUT'; args: { env: string; file: string } }
  /** The query template names an unknown placeholder (the message says which). */
  | { code: 'PERF_TEMPLATE'; args: { check: string; message: string } }
  /** The rollout started `elapsedMs` ago, less than the soak time. */
  | { code: 'PERF_WINDOW_SHORT'; args: { check: string; elapsedMs: number; minWindowMs: number } }
  | { code: 'PERF_QUERY_REJECTED'; args: { check: string; message: string } }
  /** Prometheus could not be asked (unreachable, no answer in time, an answer not the API's shape). */
  | { code: 'PERF_UNREACHABLE'; args: { check: string; message: string } }
  | { code: 'PERF_SEVERAL_SERIES'; args: { check: string; series: number } }
  | { code: 'PERF_NO_SAMPLES'; args: { check: string; side: 'before' | 'after' } }
  /** The samples of one side span `spanMs`, less than the soak time. */
  | { code: 'PERF_SAMPLES_SHORT'; args: { check: string; side: 'before' | 'after'; spanMs: number; minWindowMs: number } }
  /** `regression` percent worse (Infinity: worse from zero) than before, past the tolerance. */
  | { code: 'PERF_REGRESSION'; args: { check: string; regression: number; before: number; after: number; better: 'higher' | 'lower'; tolerance: number } };

/** Why the incidents check fails or could not run. */
export type IncidentReason =
  /** The policy declares no `spec.gates.incidents.matchers`. */
  | { code: 'INCIDENT_NO_MATCHERS'; args: Record<string, never> }
  /** A matcher template names an unknown placeholder (the message says which). */
  | { code: 'INCIDENT_TEMPLATE'; args: { message: string } }
  /** Alertmanager answered something other than a list of alerts: its text, else its status. */
  | { code: 'INCIDENT_QUERY_REFUSED'; args: { status: number; body: string | null } }
  /** Alertmanager could not be asked (unreachable, no answer in time, an answer that is not JSON). */
  | { code: 'INCIDENT_UNREACHABLE'; args: { message: string } }
  /** An active alert matches every matcher. */
  | { code: 'INCIDENT_OPEN'; args: { name: string; labels: Record<string, string>; startsAt: string; generatorURL: string } };
