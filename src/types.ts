import type { FindingArgs } from './finding-args.js';

/**
 * The plain data that flows between parity's pipeline stages:
 * discover → render → normalize → match → diff → classify → report.
 * Nothing here does I/O; every stage takes and returns these shapes.
 */

/** Any Kubernetes object as Kustomize renders it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** An overlay directory of one service in one environment. */
export interface Overlay {
  service: string;
  env: string;
  /** Absolute path of the overlay directory. */
  dir: string;
  /** Path of the overlay directory relative to the repo root, with forward slashes. */
  relDir: string;
  /**
   * Set when the environment is a Helm chart rendered with its values (`helm template`), not a
   * Kustomize overlay; `dir`/`relDir` are then the chart's directory.
   */
  helm?: HelmSource;
}

/** An Argo CD `helm.parameters` entry: `--set name=value`, or `--set-string` with `forceString`. */
export interface HelmParameter {
  name: string;
  value: string;
  forceString?: boolean;
}

/**
 * One environment of a Helm service: the chart and exactly the inputs Argo CD (or the config)
 * gives `helm template`. Plain data; rendering it is render's job.
 */
export interface HelmSource {
  /** Absolute chart directory (a chart in the repository); for a remote chart, where it will be fetched to is decided at render time. */
  chartDir: string;
  /** Repo-relative chart directory, forward slashes; for a remote chart `<repoURL>/<chart>`. */
  chartRelDir: string;
  releaseName: string;
  namespace?: string;
  /**
   * Values files in the order helm applies them, repo-relative (forward slashes) when inside
   * the repository; the chart's own values.yaml is implicit and not listed.
   */
  valuesFiles: string[];
  /** Inline values (Argo CD `helm.values` / `helm.valuesObject`), applied after the files. */
  values?: Record<string, unknown>;
  /** `--set` parameters (Argo CD `helm.parameters`), applied last. */
  parameters?: HelmParameter[];
  /** A chart from a Helm repository or OCI registry: fetched only with `--allow-remote`. */
  remote?: { repoURL: string; chart: string; version: string };
  /** Where this source is declared: the config file or the Argo CD Application (repo-relative). */
  declaredIn: { file: string; line?: number };
  /**
   * Values key paths holding the service's image tag (`image.tag` by default), read and
   * written by gate and promote; a sibling `digest` key is honoured too.
   */
  imageKeys?: string[];
}

/** A service and its overlays, environments in promotion order. */
export interface ServiceSpec {
  name: string;
  envs: string[];
  overlays: Record<string, Overlay>;
  /**
   * Environments the service is expected in (other services have them, its config does not
   * leave them out) but has no overlay for: each is a blocking finding, never a silent skip.
   */
  missingEnvs?: string[];
}

/** One `images:` entry of a kustomization, with the file that sets it. */
export interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  /** Repo-relative path of the kustomization.yaml holding this entry. */
  file: string;
  line?: number;
}

/**
 * What parity reads from an overlay's kustomization chain (the overlay's kustomization
 * and every kustomization it pulls in through resources/bases/components).
 */
export interface KustomizationChain {
  /** Repo-relative kustomization files, the overlay's own first, then its bases depth-first. */
  files: string[];
  /** The namespace the outermost kustomization that sets one sets. */
  namespace?: string;
  /** Image overrides, outermost (winning) first. */
  images: ImageOverride[];
  /** Repo-relative (or absolute when outside the repo) paths of every file the chain reads. */
  inputs: string[];
  /** Remote resources (URLs) referenced anywhere in the chain. */
  remotes: string[];
}

/** Which binary rendered, as recorded in the result (`renderer`: Kustomize; `renderers`: every one used). */
export interface RendererInfo {
  name: 'kustomize' | 'kubectl' | 'helm';
  path: string;
  version: string;
}

/** How one render runs: its time bound, and the helm that inflates the chain's `helmCharts:` (absent: Helm stays off). */
export interface RenderCallOptions {
  timeoutMs?: number;
  /** Path of the helm binary; set only for a chain that uses `helmCharts:` (`--enable-helm --helm-command PATH`). */
  helmCommand?: string;
}

/** The injected renderer: the only way the core reaches Kustomize. */
export interface Renderer {
  info: RendererInfo;
  /** Render one overlay directory; resolves to the multi-document YAML Kustomize printed. */
  render(dir: string, options?: RenderCallOptions): Promise<string>;
}

/** One overlay after rendering. */
export interface RenderedOverlay {
  overlay: Overlay;
  resources: K8sObject[];
  chain: KustomizationChain;
  /** True when the directory held plain YAML (pre-rendered manifests), no kustomization. */
  preRendered: boolean;
  /**
   * Where each resource came from, read from Kustomize's build metadata (`origins[i]` belongs to
   * `resources[i]`); absent when the overlay rendered without it (see `originsUnavailable`).
   */
  origins?: ResourceOrigin[];
  /** Why the overlay rendered without build metadata (its names are then compared as rendered). */
  originsUnavailable?: string;
  /** The helm that rendered it: a Helm environment, or a chain whose `helmCharts:` it inflated. */
  helm?: RendererInfo;
}

export interface NameAffix {
  prefix: string;
  suffix: string;
  /** The kustomization (or transformer config) that set it. */
  file: string;
}

/**
 * One rendered object's identity and provenance, from Kustomize's `config.kubernetes.io/origin`
 * and `alpha.config.kubernetes.io/transformations` annotations, or, for a chain that renames
 * nothing, the same facts read from the chain walk (render/derive-origins.ts). Paths are
 * repo-relative (absolute outside the repository).
 */
export interface ResourceOrigin {
  /** The name as written in its source (a generator's `name:` for generated objects), before any prefix, suffix or hash. */
  sourceName: string;
  /** Each prefix/suffix Kustomize applied to the name, the outermost first, with the file that configured it. */
  affixes: NameAffix[];
  /** The file the object was read from; absent for generated and remote objects. */
  file?: string;
  /** For generated objects: the generator kind and the kustomization that configured it. */
  generator?: { kind: string; file: string };
  /** For objects of a remote base: the repository Kustomize fetched. */
  remote?: string;
  /** Files that configured a transformer that ran over the object, the last applied first (patches included). */
  transformedIn: string[];
  /** Of those, the kustomizations whose patches ran over it, the last applied first. */
  patchedIn: string[];
}

/** A resource after normalization, ready to match. */
export interface NormalizedResource {
  /** group/kind/name after prefix, suffix and hash removal; the match key. */
  key: string;
  group: string;
  kind: string;
  apiVersion: string;
  /** Normalized name (prefix/suffix/hash removed). */
  name: string;
  /** Name as rendered. */
  renderedName: string;
  /** Namespace as rendered (`metadata.namespace`), when the object names one. */
  namespace?: string;
  /** The normalized object (namespace, server fields, prefixes and hash suffixes removed; values as rendered). */
  object: K8sObject;
  /** Where it came from (Kustomize's build metadata), when the overlay rendered with it. */
  origin?: ResourceOrigin;
}

/** All normalized resources of one service in one environment. */
export interface EnvResources {
  service: string;
  env: string;
  overlay: Overlay;
  chain: KustomizationChain;
  resources: NormalizedResource[];
}

/** Two resources paired across environments (either side missing → RESOURCE_MISSING). */
export interface ResourcePair {
  key: string;
  left?: NormalizedResource;
  right?: NormalizedResource;
}

/** One field-level difference between two matched resources. */
export interface Difference {
  /** Canonical path, e.g. `spec.template.spec.containers[name=app].env[name=URL].value`. */
  path: string;
  /** The same path as segments: keys, and list items as `[name=app]` / `[2]`. */
  segments: string[];
  /** `changed`: both sides hold a value; `added`: only the right; `removed`: only the left. */
  change: 'changed' | 'added' | 'removed';
  left?: unknown;
  right?: unknown;
}

/** Every code a finding can carry; `FindingArgs` holds one member per code (see `finding-args.ts`). */
export type FindingCode = FindingArgs['code'];

export type Severity = 'error' | 'warning';

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
}

export interface SourceLocation {
  file: string;
  line?: number;
}

export type Allowance =
  | { rule: string; reason: string }
  | { waiver: string; reason: string; owner?: string; expires: string };

/** A finding as the JSON contract (schemaVersion 1) defines it. */
export interface Finding {
  id: string;
  code: FindingCode;
  severity: Severity;
  blocking: boolean;
  service: string;
  envs: string[];
  resource: ResourceRef | null;
  path: string | null;
  /** Per environment; secret values are already `<redacted>` here. */
  values: Record<string, unknown>;
  message: string;
  allowed: Allowance | null;
  source: SourceLocation | null;
  /**
   * Extension: further fields that decide a TLS posture finding, when several do (the first
   * deciding field is the finding's own `resource` and `path`).
   */
  deciding?: DecidingFieldRef[];
  /** Extension (`audit --baseline`): whether the baseline result held a finding with this id. */
  status?: 'new' | 'unchanged';
}

/** A field of a resource that decides a posture, and the line that sets it. */
export interface DecidingFieldRef {
  resource: ResourceRef;
  path: string;
  source: SourceLocation | null;
}

/** What a candidate holds besides its code and arguments. */
export interface CandidateFields {
  service: string;
  envs: string[];
  resource: ResourceRef | null;
  path: string | null;
  segments: string[];
  values: Record<string, unknown>;
  source?: SourceLocation | null;
  /** Further deciding fields of a posture finding (see `Finding.deciding`), with their segments. */
  deciding?: Array<{ resource: ResourceRef; path: string; segments: string[]; source?: SourceLocation | null }>;
}

/**
 * A finding before policy: what a built-in rule or the diff found, its code with typed
 * arguments (wording lives in one formatter). Classification turns it into a ClassifiedFinding
 * (severity, blocking, allowed, id); the report stage words it into a Finding.
 */
export type Candidate = CandidateFields & FindingArgs;

/** A finding as classification leaves it: everything but the wording, with its code's arguments. */
export type ClassifiedFinding = Omit<Finding, 'code' | 'message'> & FindingArgs;

export type ErrorCode =
  | 'RENDER_FAILED'
  | 'RENDER_TIMEOUT'
  | 'CONFIG_INVALID'
  | 'POLICY_INVALID'
  | 'OVERLAY_MISSING'
  | 'UNKNOWN_ENV'
  | 'UNKNOWN_SERVICE'
  | 'LIVE_FAILED'
  | 'CHECK_FAILED';

export interface ResultError {
  code: ErrorCode;
  /** Extension: why a promotion or rollback was refused (a `PromoteRefusal` code of `src/reason-args.ts`), when that is the error. */
  reason?: string;
  service?: string;
  env?: string;
  message: string;
  file?: string;
  line?: number;
}

export interface AuditResult {
  schemaVersion: 1;
  tool: { name: 'parity'; version: string };
  renderer: RendererInfo | null;
  /** Extension: every renderer the run used (Kustomize and, for Helm services, helm), in that order. */
  renderers?: RendererInfo[];
  services: Array<{ name: string; envs: string[] }>;
  pairs: Array<[string, string]>;
  findings: Finding[];
  errors: ResultError[];
  /** `warnings`: findings neither blocking nor allowed (always set by parity; absent in results of older versions). */
  summary: { services: number; renders: number; findings: number; blocking: number; allowed: number; warnings?: number };
  /** Present on `parity gate` and `parity promote` results. */
  gate?: GateVerdict;
  /** Present on `parity promote` results once the gate has been judged. */
  promotion?: PromotionSummary;
  /** Present on `parity rollback` results: what was restored; the audit beside it is information. */
  rollback?: RollbackSummary;
  /** Services left out by `--changed-since` (nothing they render from changed), with the reason. */
  skipped?: Array<{ service: string; reason: string }>;
  /** Overlays rendered without Kustomize's build metadata (their names compared as rendered), with the reason. */
  withoutBuildMetadata?: Array<{ service: string; env: string; reason: string }>;
  /** Present on `--shard k/n` results: which shard, and every service in discovery order (for `parity merge`). */
  shard?: ShardInfo;
  /** Present on `parity drift` results: live differences left out by the Argo CD Applications' `ignoreDifferences`. */
  ignoredDifferences?: number;
  /** Extension (Helm services): per env pair, the values keys whose merged values differ. */
  values?: ValuesDifference[];
  /** Extension (`audit`): which repository, commit and policy this run audited, and when. */
  run?: RunIdentity;
  /** Extension (`audit --baseline`): what changed since an earlier result. */
  baseline?: BaselineSummary;
}

/** Which run produced a result: what `--baseline` and `--history` check a result against. */
export interface RunIdentity {
  /** The `origin` remote (credentials removed) or the root commit; null outside git. */
  repo: string | null;
  commit: string | null;
  /** ISO 8601 time of the run. */
  time: string;
  policyDigest: string;
}

/** An earlier result compared with this one, finding by finding (stable ids). */
export interface BaselineSummary {
  /** The baseline file as given on the command line. */
  file: string;
  commit: string | null;
  time: string | null;
  counts: { new: number; newBlocking: number; unchanged: number; resolved: number };
  /** Findings of the baseline that this run no longer reports (services it compared again). */
  resolved: Finding[];
}

/**
 * What `parity merge` needs to tell that shards belong to one run: which shard of how many, and
 * the identity of the run (repo, commit, config and policy digests, renderer, parity version).
 */
export interface ShardInfo {
  index: number;
  count: number;
  services: string[];
  all: string[];
  /** The `origin` remote (credentials removed) or the root commit; null outside git. */
  repo?: string | null;
  commit?: string | null;
  configDigest?: string;
  policyDigest?: string;
  /** `<name> <version>` of the renderer. */
  renderer?: string;
  toolVersion?: string;
}

export interface RollbackSummary {
  status: 'dry-run' | 'committed';
  service: string;
  env: string;
  file: string;
  image: string;
  /** The reference the environment ran before the rollback. */
  from: string | null;
  /** The reference restored; null when the entry the undone promotion added was removed (the rest of the chain sets the image again). */
  tag: string | null;
  /** Every image moved back (a multi-image promotion is undone as a whole); the fields above describe the first. */
  images: Array<{ image: string; from: string | null; tag: string | null }>;
  /** The tag changes undone, newest first. */
  reverts: Array<{ sha: string; subject: string; tag: string | null }>;
  /** Later commits that touched the file without moving the tag: their changes are kept. */
  laterCommits: Array<{ sha: string; subject: string }>;
  commit: string | null;
  message: string;
  diff: string;
}

export interface PromotionSummary {
  /** `noop`: the target already runs the tag; `refused`: the gate is closed, nothing written. */
  status: 'noop' | 'dry-run' | 'written' | 'committed' | 'refused';
  service: string;
  from: string;
  to: string;
  image: string;
  tag: string | null;
  file: string;
  commit: string | null;
  message: string;
  /** Unified diff of the target kustomization ('' when nothing would change). */
  diff: string;
  notes: string[];
  /** The plan as computed before anything is written (what `--dry-run` shows). */
  plan: {
    image: string;
    tag: string | null;
    digest: string | null;
    currentTag: string | null;
    currentDigest: string | null;
    file: string;
    line: number | null;
    action: 'update' | 'add' | 'noop';
    effective: boolean;
    commitMessage: string;
    source: { file: string; line: number | null };
    /** Extension: `flag` when the reference came from `--tag`. */
    tagFrom?: 'source' | 'flag';
  };
  /** Extension: every image the promotion writes, in one commit (the top-level fields name the first). */
  images?: GateImage[];
}

export interface GateVerdict {
  service: string;
  from: string;
  to: string;
  tag: string | null;
  open: boolean;
  reasons: string[];
  /** Extension: the kustomization (and line) of the source environment that sets the promoted tag (absent with `--tag`). */
  tagSource?: SourceLocation;
  /** Extension: `flag` when the promoted reference came from `--tag`, `source` when from the source overlay. */
  tagFrom?: 'source' | 'flag';
  /** Extension: every image the promotion carries (the first is the one `tag` names). */
  images?: GateImage[];
  /** Extension: one entry per check the gate ran, with its verdict and evidence. */
  checks?: GateCheck[];
}

/** One image of a promotion: the reference the target gets and what it runs today. */
export interface GateImage {
  image: string;
  tag: string | null;
  digest: string | null;
  currentTag: string | null;
  currentDigest: string | null;
  action: 'update' | 'add' | 'noop';
}

/**
 * One check of the gate: `pass`, `fail` (closes the gate, exit 1) or `error` (could not run,
 * exit 2). `reasons` say why it did not pass; `evidence` is what it judged, per check.
 */
export interface GateCheck {
  name: 'parity' | 'health' | 'performance' | 'incidents';
  verdict: 'pass' | 'fail' | 'error';
  reasons: string[];
  evidence?: PerformanceEvidence[] | IncidentEvidence;
}

/** What a performance check compared: the query as sent, both windows, both values. */
export interface PerformanceEvidence {
  name: string;
  query: string;
  better: 'higher' | 'lower';
  /** Allowed relative regression, in percent. */
  tolerance: number;
  /** When the source's current rollout started, and how that was found. */
  rollout: { at: string; from: 'replicaset' | 'git'; ref: string; note?: string };
  before: { start: string; end: string; value: number | null; samples: number };
  after: { start: string; end: string; value: number | null; samples: number };
  /** after / before; null when either side has no value. */
  ratio: number | null;
  verdict: 'pass' | 'fail' | 'error';
}

/** The alerts the incident check found open (active, not silenced, not inhibited). */
export interface IncidentEvidence {
  matchers: string[];
  alerts: Array<{ name: string; labels: Record<string, string>; startsAt: string; generatorURL: string }>;
}

/** Checks a policy declares for the gate (`spec.gates`). */
export interface GatePolicy {
  performance: PerformanceCheckRule[];
  /** Alertmanager matchers; absent = no incident policy declared. */
  incidents: { matchers: string[] } | null;
}

export interface PerformanceCheckRule {
  name: string;
  /** PromQL with `{{service}}`, `{{namespace}}`, `{{env}}` placeholders. */
  query: string;
  better: 'higher' | 'lower';
  /** Percent. */
  tolerance: number;
  /** Resolution of the range query, e.g. `1m`. */
  step: string;
  declared: Declared;
}

/** Where a config or policy entry was declared, for error messages and findings. */
export interface Declared {
  file: string;
  line?: number;
}

/** An allow rule of a ParityPolicy: a difference it matches is reported as allowed. */
export interface AllowRule {
  id: string;
  reason: string;
  /** Kinds the rule covers; absent or `*` = every kind. */
  kinds?: string[];
  /** Path patterns (see policy/path-pattern.ts); absent = the whole resource. */
  paths?: string[];
  /** Env pairs as `a:b` (order-insensitive) or `*`; absent = every pair. */
  pairs?: string[];
  /** Service name globs; absent = every service. */
  services?: string[];
  /** Resource name globs (normalized names); absent = every name. */
  names?: string[];
  /** Codes the rule may allow; absent = VALUE_DRIFT and RESOURCE_MISSING only. */
  codes?: FindingCode[];
  declared: Declared;
}

export interface EndpointRule {
  host: string;
  requires: 'mtls' | 'tls';
  declared: Declared;
}

/** A waiver: a matched finding is not blocking until it expires. */
export interface Waiver {
  /** A finding id, or a match in the shape of an allow rule. */
  finding: string | Omit<AllowRule, 'id' | 'reason' | 'declared'>;
  reason: string;
  owner: string;
  /** ISO date (YYYY-MM-DD); the waiver holds through that day (UTC). */
  expires: string;
  declared: Declared;
}

/** Every policy file merged, the shipped default first. */
export interface Policy {
  allow: AllowRule[];
  endpoints: EndpointRule[];
  waivers: Waiver[];
  /** Promotion requires an immutable tag (not `latest`, not a moving branch name) or a digest. */
  requireImmutableTags: boolean;
  /** Checks the gate runs on request (`--check-performance`, `--check-incidents`). */
  gates: GatePolicy;
  /** Files the policy was read from, repo-relative (the shipped default as `<default>/policies/default.yaml`). */
  files: string[];
}

export interface ServiceConfig {
  name: string;
  /** env → overlay directory, repo-relative (empty for a Helm service). */
  overlays: Record<string, string>;
  /** The environments the service runs in; absent = every environment of the config. */
  envs?: string[];
  /** Set when the service is a Helm chart (`helm:` in the config) instead of overlays. */
  helm?: HelmServiceConfig;
}

/** Per-environment settings of a Helm service; each replaces the service-wide one (`set` is merged key by key). */
export interface HelmEnvConfig {
  valuesFiles?: string[];
  set?: Record<string, HelmSetValue>;
  namespace?: string;
  releaseName?: string;
}

/** A `set:` value: a YAML string is set as a string (`--set-string`), a number or boolean as helm parses it (`--set`). */
export type HelmSetValue = string | number | boolean;

/**
 * A service's `helm:` block after normalize: `{env}` placeholders are kept (substituted per
 * environment at discovery); values files are relative to the chart directory, as written.
 */
export interface HelmServiceConfig {
  /** Repo-relative chart directory, forward slashes. */
  chart: string;
  releaseName: string;
  namespace?: string;
  valuesFiles: string[];
  /** `--set` values as written. */
  set: Record<string, HelmSetValue>;
  imageKeys: string[];
  envs: Record<string, HelmEnvConfig>;
  /** Line of the service's `helm:` key in the config file. */
  line?: number;
}

/** parity.config.yaml after parse, normalize and validate. */
export interface ParityConfig {
  /** Repo-relative path of the config file, or null when defaults are used. */
  file: string | null;
  /** Promotion order. */
  environments: string[];
  /** Layout pattern with {service} and {env}; used when services are not listed. */
  layout: string | null;
  services: ServiceConfig[];
  /** Policy files or folders, repo-relative. */
  policies: string[];
  /** Whether the shipped policies/default.yaml applies (default true). */
  defaultPolicy: boolean;
}

/**
 * The values-level view of one Helm service and env pair: the keys whose merged values
 * (chart values.yaml, values files, inline values, parameters) differ, with the line that sets
 * each in each environment. Values themselves are never included. `status`: the worst finding
 * traced to the key (`blocking`, `warning`), `allowed` when every finding traced to it is, and
 * `untraced` when no rendered finding is cited at it (it may still shape one a template builds).
 */
export interface ValuesDifference {
  service: string;
  envs: [string, string];
  keys: Array<{ key: string; status: 'blocking' | 'warning' | 'allowed' | 'untraced'; at: Array<{ env: string } & SourceLocation> }>;
}

/**
 * What a run did, phase by phase, for `--verbose`: plain data, worded in src/report/verbose.ts.
 * Names and paths only — never a rendered value.
 */
export type PhaseEvent =
  | { phase: 'discover'; ms: number; config: string | null; services: string[]; overlays: number; policyFiles: string[]; renderer: RendererInfo }
  /** `cachedRenders`: overlays served by the render cache; null when the cache is off. */
  | { phase: 'render'; ms: number; overlays: number; errors: number; cachedRenders: number | null }
  /** `cachedServices`: services whose comparison came from the cache; null when the cache is off. */
  | { phase: 'compare'; ms: number; services: number; findings: number; cachedServices: number | null };

export type OnPhase = (event: PhaseEvent) => void;

export interface OutcomeCounts {
  blocking: number;
  warnings: number;
  allowed: number;
}

/** One result reduced to what the trend draws: counts overall and per service, at a time. */
export interface HistoryPoint {
  time: string;
  commit: string | null;
  overall: OutcomeCounts;
  services: Record<string, OutcomeCounts>;
}
