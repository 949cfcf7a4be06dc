/**
 * Why a gate closes, what a promotion plan notes and why a promotion or rollback is refused, as
 * data: a code and its arguments, worded by the report stage (`formatGateReason`,
 * `formatPromoteNote`, `formatHealthReason`, `formatPerformanceReason`, `formatIncidentReason`,
 * `formatPromoteRefusal` in `src/report/messages.ts`) into the result's `gate.reasons` and
 * `promotion.notes` strings and a `PromoteError`'s message.
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

/** Which file a promotion writes: a kustomization, or (Helm) the target's own values file. */
export type TargetDocument = 'kustomization' | 'values file';

/**
 * Why a promotion or a rollback is refused (a `PromoteError`; nothing was written). What a lower
 * layer said (a git error's message, an errno code, a YAML parser's or the reference grammar's
 * problem) is an argument, passed through as it was worded there.
 */
export type PromoteRefusal =
  /** `--tag` does not follow the OCI tag or digest grammar (checked before the gate runs). */
  | { code: 'PROMOTE_INVALID_TAG_OPTION'; args: { problem: string } }
  /** The reference to promote (read from the source, or given to the library) does not follow the grammar. */
  | { code: 'PROMOTE_INVALID_REFERENCE'; args: { problem: string } }
  /** `spec.promotion.requireImmutableTags` and the reference is a tag that can move. */
  | { code: 'PROMOTE_MUTABLE_REFERENCE'; args: { reason: string } }
  | { code: 'PROMOTE_NO_REFERENCE'; args: { env: string; image: string } }
  | { code: 'PROMOTE_NO_KUSTOMIZATION'; args: { env: string } }
  /** Neither the chain's `images:` entries nor the render name an image to promote. */
  | { code: 'PROMOTE_NO_IMAGES_ENTRY'; args: Record<string, never> }
  /** Several rendered images and none named after the service: `--image` must choose. */
  | { code: 'PROMOTE_SEVERAL_IMAGES'; args: { images: string[] } }
  /** Several `images:` entries and none named after the service: `--image` must choose. */
  | { code: 'PROMOTE_SEVERAL_OVERRIDDEN'; args: { images: string[] } }
  | { code: 'PROMOTE_IMAGE_NOT_RUN'; args: { image: string; known: string[] } }
  | { code: 'PROMOTE_IMAGE_NOT_OVERRIDDEN'; args: { image: string; known: string[] } }
  /** The target holds the promoted reference only as an uncommitted change (an interrupted promote). */
  | { code: 'PROMOTE_UNCOMMITTED_TARGET'; args: Record<string, never> }
  | { code: 'PROMOTE_OUTSIDE_REPO'; args: { target: TargetDocument } }
  | { code: 'PROMOTE_SYMLINK'; args: { target: TargetDocument } }
  /** The target could not be read: the errno code (or the error) as `error`. */
  | { code: 'PROMOTE_UNREADABLE'; args: { target: TargetDocument; error: string } }
  | { code: 'PROMOTE_DIRTY'; args: Record<string, never> }
  | { code: 'PROMOTE_DETACHED_HEAD'; args: Record<string, never> }
  /** HEAD is not the commit the gate audited (`head` null: no commit). */
  | { code: 'PROMOTE_HEAD_MOVED'; args: { audited: string; head: string | null } }
  /** git could not tell the repository's state (not a work tree, say): its message. */
  | { code: 'PROMOTE_GIT_FAILED'; args: { message: string } }
  /** The commit failed (git's message); `file` was restored. */
  | { code: 'PROMOTE_COMMIT_FAILED'; args: { message: string; file: string } }
  /** A kustomization or values file is not valid YAML (the parser's message). */
  | { code: 'PROMOTE_INVALID_YAML'; args: { message: string } }
  | { code: 'PROMOTE_NOTHING_TO_SET'; args: Record<string, never> }
  | { code: 'PROMOTE_NOT_A_MAPPING'; args: { document: TargetDocument } }
  | { code: 'PROMOTE_IMAGES_NOT_A_LIST'; args: Record<string, never> }
  /** An `images:` entry's `newTag` or `digest` spans several lines (a block scalar, say). */
  | { code: 'PROMOTE_NOT_ONE_LINE'; args: { key: string } }
  /** The edited kustomization would not hold exactly the reference asked for. */
  | { code: 'PROMOTE_UNSAFE_EDIT'; args: { image: string } }
  /** The temporary directory for the render after the edit could not be made: the errno code. */
  | { code: 'PROMOTE_COPY_DIR_FAILED'; args: { label: 'bump' | 'rollback'; error: string } }
  | { code: 'PROMOTE_COPY_FAILED'; args: { label: 'bump' | 'rollback'; error: string } }
  /** The target overlay reads a file outside the repository, so it cannot be copied to render. */
  | { code: 'PROMOTE_READS_OUTSIDE_REPO'; args: Record<string, never> }
  | { code: 'PROMOTE_VALUES_UNREADABLE'; args: { error: string } }
  | { code: 'PROMOTE_VALUES_NOT_ONE_LINE'; args: { key: string } }
  /** `parent` (a prefix of the key's path) holds a scalar or a list, so `key` cannot go beneath it. */
  | { code: 'PROMOTE_VALUES_NOT_A_MAPPING'; args: { parent: string[]; key: string } }
  | { code: 'PROMOTE_VALUES_EMPTY_KEY'; args: { key: string } }
  | { code: 'PROMOTE_VALUES_EMPTY_FLOW_MAPPING'; args: { key: string } }
  /** Setting `key` would change the values file's data beyond that key. */
  | { code: 'PROMOTE_VALUES_UNSAFE_EDIT'; args: { key: string } }
  /** (Helm) every values file of the target is read by the source too. */
  | { code: 'PROMOTE_NO_OWN_VALUES_FILE'; args: { from: string; to: string } }
  | { code: 'PROMOTE_VALUES_OUTSIDE_REPO'; args: { env: string } }
  | { code: 'PROMOTE_IMAGE_KEYS_DIFFER'; args: { from: string; fromKeys: string[]; to: string; toKeys: string[] } }
  | { code: 'PROMOTE_UNKNOWN_IMAGE_KEY'; args: { image: string; service: string; keys: string[] } }
  /** (Helm) the reference has a digest and no tag; the tag key takes a tag, `digestKey` its digest. */
  | { code: 'PROMOTE_HELM_DIGEST_ONLY'; args: { key: string; digestKey: string } }
  | { code: 'ROLLBACK_NO_KUSTOMIZATION'; args: { env: string } }
  /** The environment's own kustomization has no `images:` entry for these images. */
  | { code: 'ROLLBACK_NO_IMAGES_ENTRY'; args: { env: string; images: string[] } }
  | { code: 'ROLLBACK_DIRTY'; args: Record<string, never> }
  | { code: 'ROLLBACK_DETACHED_HEAD'; args: Record<string, never> }
  | { code: 'ROLLBACK_COMMIT_FAILED'; args: { message: string; file: string } }
  /** No commit in the file's history changed these images. */
  | { code: 'ROLLBACK_NO_CHANGES'; args: { images: string[] } }
  | { code: 'ROLLBACK_INVALID_STEPS'; args: { steps: number } }
  /** The history holds fewer tag changes (`changes`) than the steps asked for. */
  | { code: 'ROLLBACK_TOO_FEW_CHANGES'; args: { images: string[]; file: string; changes: number } }
  /** The oldest change undone is the commit that created the file: nothing came before it. */
  | { code: 'ROLLBACK_FIRST_TAG'; args: { image: string; file: string; commit: string } }
  /** The undone changes moved no image away from what it runs now. */
  | { code: 'ROLLBACK_NOTHING_TO_ROLL_BACK'; args: { env: string; changes: number } }
  | { code: 'ROLLBACK_ALREADY_RUNS'; args: { env: string; tag: string } }
  | { code: 'ROLLBACK_NOT_AN_EARLIER_TAG'; args: { tag: string; image: string; file: string } }
  /** The entry to remove sits in a flow list (`images: [...]`), which parity does not splice. */
  | { code: 'ROLLBACK_FLOW_LIST'; args: { image: string } }
  | { code: 'ROLLBACK_UNSAFE_REMOVAL'; args: { image: string } };
