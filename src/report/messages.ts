import { isMultiline } from '../util/is-multiline.js';
import type { ArgsOf, CertSource, CredentialReason, CredentialShape, EndpointState, FindingArgs, InboundState, MeshState, NamespaceAspect } from '../finding-args.js';
import { formatDuration } from '../util/duration.js';
import type { GateReason, HealthProblem, HealthReason, IncidentReason, PerformanceReason, PromoteNote, PromoteReason, PromoteRefusal, SettingSource, TargetDocument } from '../reason-args.js';
import type { NotCredentialReason, PlainKind } from '../secrets/credential.js';
import { scrubText } from '../secrets/scrub-secrets.js';
import type { CandidateFields, FindingCode } from '../types.js';

/** What a message is about: a candidate or a classified finding, with its code and arguments. */
export type MessageSubject = Pick<CandidateFields, 'service' | 'envs' | 'values' | 'path' | 'resource'> & FindingArgs;

/** What every wording function gets: the subject, its code's arguments and the pieces most sentences use. */
interface Words<C extends FindingCode> {
  subject: MessageSubject;
  args: ArgsByCode[C];
  a: string | undefined;
  b: string | undefined;
  where: string;
  kindName: string;
}

type Wordings = { [C in FindingCode]: (words: Words<C>) => string };

/** One wording per finding code (a mapped type over the union, so a new code cannot be forgotten). */
const WORDINGS: Wordings = {
  VALUE_DRIFT: ({ subject, where }) => describeValueDrift(subject, where),
  RESOURCE_MISSING: ({ subject, args, kindName }) =>
    args.overlay ? describeMissingOverlay(subject, args) : `${kindName} exists in ${args.presentIn} but not in ${args.missingIn}.`,
  MTLS_MISMATCH: (words) => describeTlsPosture(words),
  MTLS_REQUIRED: ({ args, a }) =>
    args.requires === 'tls'
      ? `${args.key} in ${a} calls ${args.host}, which policy declares TLS-only, without TLS.`
      : `${args.key} in ${a} calls ${args.host}, which policy declares mTLS-only, without a client certificate.`,
  IMAGE_MISMATCH: ({ subject, args, a, b, kindName }) =>
    args.gate
      ? `After promotion ${kindName} would run ${args.actual ?? 'no such container'}, not the promoted ${args.expected}.`
      : `Container ${args.container} pulls from a different image repository in ${a} and ${b}: ${postures(subject)}.`,
  CROSS_ENV_REFERENCE: ({ subject, args, a, where }) =>
    args.imageTag
      ? `${where} in ${a} runs the image tag of environment ${args.referencedEnv}: ${str(valueIn(subject, a)) ?? ''}.`
      : `${where} in ${a} names environment ${args.referencedEnv}: ${str(valueIn(subject, a)) ?? ''}.`,
  SECRET_DRIFT: ({ subject, args, a, b }) =>
    `Secret ${subject.resource?.name ?? ''} holds different keys in ${a} and ${b}${onlyIn(args.onlyIn)}; values are not shown.`,
  SECRET_REUSED: ({ args, a, b, where }) =>
    `${where} holds the same secret value in ${a} and ${b} (a credential: ${formatCredentialReason(args.reason)}); each environment should have its own.`,
  ALLOW_STALE: ({ args }) => `Allow rule ${args.rule} matched no difference; remove it or fix its scope.`,
  WAIVER_EXPIRED: ({ args }) =>
    `Waiver ${args.waiver} expired on ${args.expires}${args.owner ? ` (owner ${args.owner})` : ''}; renew or fix the finding.`,
  LIVE_DRIFT: ({ args, where, kindName }) => `${where} of ${kindName} in the cluster differs from the repo${managerNote(args)}.`,
  LIVE_MISSING: ({ args, kindName }) => `${kindName} is in the repo but not in the cluster${args.context ? ` (context ${args.context})` : ''}.`,
};

/**
 * The one place findings get their human wording. Candidates and classified findings carry a
 * code, values per environment and their code's arguments; this turns them into one sentence.
 */
export function formatMessage(subject: MessageSubject): string {
  const [a, b] = subject.envs;
  const base = {
    subject,
    a,
    b,
    where: subject.path ? `\`${subject.path}\`` : 'the resource',
    kindName: subject.resource ? `${subject.resource.kind} ${subject.resource.name}` : 'a resource',
  };
  return wordingOf(subject)(base);
}

/** The arguments of every code, by code. */
type ArgsByCode = { [C in FindingCode]: ArgsOf<C> };

/** The wording of the subject's code, its arguments bound (indexed by the same `C`, so each code gets its own). */
function wordingOf<C extends FindingCode>(subject: { code: C; args: ArgsByCode[C] }): (base: Omit<Words<C>, 'args'>) => string {
  const wording: (words: Words<C>) => string = WORDINGS[subject.code];
  return (base) => wording({ ...base, args: subject.args });
}

/**
 * The values a finding reports per environment: as the rule found them, except a TLS posture
 * (an endpoint's or a workload's inbound), which reads as one line per environment.
 */
export function reportedValues(subject: FindingArgs & Pick<CandidateFields, 'values'>): Record<string, unknown> {
  if (subject.code !== 'MTLS_MISMATCH') return subject.values;
  const args = subject.args;
  if (args.posture === 'endpoint') return mapValues(args.states, describeEndpoint);
  if (args.posture === 'inbound') return mapValues(args.states, describeInbound);
  return subject.values;
}

function mapValues<T>(states: Record<string, T>, describe: (state: T) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(states).map(([env, state]) => [env, describe(state)]));
}

/** `https, client certificate (secret processor-client-tls)`, `http, no client certificate`. */
function describeEndpoint(state: EndpointState): string {
  const parts = [state.scheme, ...state.tlsParams];
  parts.push(state.clientCert.length > 0 ? `client certificate (${sourceLabels(state.clientCert)})` : 'no client certificate');
  if (state.ca.length > 0) parts.push(`custom CA (${sourceLabels(state.ca)})`);
  if (state.istioTls) parts.push(`istio tls ${state.istioTls}`);
  return parts.join(', ');
}

function sourceLabels(sources: CertSource[]): string {
  return sources.map((source) => `${source.from} ${source.name}`).join(', ');
}

/** `mtls STRICT, port 8080 PERMISSIVE, istio sidecar`, `no PeerAuthentication`. */
function describeInbound(state: InboundState): string {
  const parts = [state.mtlsMode ? `mtls ${state.mtlsMode}` : 'no PeerAuthentication'];
  parts.push(...state.portModes.map(({ port, mode }) => `port ${port} ${mode}`));
  parts.push(...state.mesh.map(describeMesh));
  return parts.join(', ');
}

function describeMesh(mesh: MeshState): string {
  const proxy = mesh.mesh === 'istio' ? 'istio sidecar' : 'linkerd proxy';
  if (!mesh.injected) return `no ${proxy}`;
  return mesh.setting ? `${proxy} (${mesh.setting})` : proxy;
}

/** The wording of a TLS posture difference, by what kind of posture the rule found. */
function describeTlsPosture({ subject, args, a, b, where, kindName }: Words<'MTLS_MISMATCH'>): string {
  switch (args.posture) {
    case 'endpoint':
      return `TLS posture for endpoint ${args.endpoint} differs between ${a} and ${b}: ${postures({ ...subject, values: reportedValues(subject) })}.`;
    case 'namespace': {
      const aspect = NAMESPACE_ASPECTS[args.aspect];
      return `${kindName} sets ${args.key} to ${settings(subject)}: ${aspect} of its pods differs${workloadsNote(args.workloads)}.`;
    }
    case 'certificate':
      return `Container ${args.container} presents a client certificate in ${args.presentIn} but not in ${args.missingIn} (${where} of ${kindName}).`;
    case 'edge-one-sided':
      return args.edge === 'ingress-tls'
        ? `${kindName} terminates TLS in ${args.presentIn} (${where}) and has no counterpart in ${args.missingIn}: TLS at the edge differs.`
        : `${kindName} exists in ${args.presentIn} but not in ${args.missingIn}: TLS to the backends differs.`;
    case 'edge':
      return `TLS at the edge (${args.edge}) of ${kindName} differs between ${a} and ${b} at ${where}: ${postures(subject)}.`;
    case 'inbound': {
      const decided = subject.path ? `; decided by ${where} of ${kindName}` : '';
      const values = reportedValues(subject);
      return `Inbound mTLS posture of ${workloadsOf(args.workloads) ?? kindName} differs between ${a} and ${b}: ${postures({ ...subject, values })}${decided}.`;
    }
  }
}

const NAMESPACE_ASPECTS: Record<NamespaceAspect, string> = {
  istio: 'Istio sidecar injection',
  linkerd: 'Linkerd proxy injection',
  'pod-security': 'Pod Security admission',
};

/** `"enabled" in dev and nothing in production`. */
function settings(subject: MessageSubject): string {
  return subject.envs
    .map((env) => {
      const value = subject.values[env];
      return value === null || value === undefined ? `nothing in ${env}` : `${show(value)} in ${env}`;
    })
    .join(' and ');
}

function workloadsOf(workloads: string[] | undefined): string | undefined {
  return workloads && workloads.length > 0 ? workloads.join(', ') : undefined;
}

function workloadsNote(workloads: string[] | undefined): string {
  const listed = workloadsOf(workloads);
  return listed ? ` (${listed})` : '';
}

/** A whole environment missing from a service: no overlay at all, or an overlay that renders nothing. */
function describeMissingOverlay(subject: MessageSubject, args: ArgsOf<'RESOURCE_MISSING'>): string {
  const service = subject.service;
  const { missingIn: env, presentIn: present } = args;
  return args.overlay === 'empty'
    ? `The ${env} overlay of service ${service} renders no resources, while ${present} renders some.`
    : `Service ${service} has no overlay for ${env} (it has ${present}), while other services do; add one, or leave ${env} out of the service's envs in parity.config.yaml.`;
}

/** Why a value is, or is not, a credential (`judgeCredential`): `the name DB_PASSWORD says it holds a password`. */
export function formatCredentialReason(reason: CredentialReason | NotCredentialReason): string {
  switch (reason.kind) {
    case 'shape': return `the value is ${CREDENTIAL_SHAPES[reason.shape]}`;
    case 'name': return `the name ${reason.key} says it holds a ${reason.word}`;
    case 'secret': return 'it is a value of a Secret';
    case 'empty': return 'empty';
    case 'reference': return 'a reference to another variable';
    case 'neither': return 'neither its name nor its value is a credential';
    case 'plain': {
      const what = reason.what === 'name' && reason.of !== undefined ? `a ${reason.of} name` : PLAIN_KINDS[reason.what];
      return `it is ${what}, not a credential`;
    }
  }
}

const CREDENTIAL_SHAPES: Record<CredentialShape, string> = {
  'private-key': 'a private key',
  'credential-parameter': 'a credential-named parameter',
  'credential-quoted-field': 'a credential-named quoted field',
  'url-userinfo': 'a URL with credentials in its user part',
  'connection-string': 'a connection string with a password',
  'credential-setting': 'a credential-named setting',
  'credential-flag': 'a credential command-line flag',
  'authorization-token': 'an authorization token',
  'quoted-bytes': 'bytes quoted from a file',
};

const PLAIN_KINDS: Record<PlainKind, string> = {
  name: 'a name', user: 'a user name', host: 'a host name', 'host-list': 'a host list', port: 'a port number',
  database: 'a database name', schema: 'a schema name', region: 'a region', namespace: 'a namespace',
  bucket: 'a bucket name', queue: 'a queue name', topic: 'a topic name', email: 'an e-mail address',
  address: 'an address', identifier: 'an identifier', cluster: 'a cluster name', realm: 'a realm name',
  tenant: 'a tenant name', issuer: 'an issuer', audience: 'an audience',
};

/** Why a gate is closed, in one line (the result's `gate.reasons`). */
export function formatGateReason(reason: GateReason): string {
  switch (reason.code) {
    case 'GATE_RUN_ERROR':
      return `${reason.args.error} ${reason.args.env ?? ''}: ${reason.args.message}`;
    case 'GATE_NOT_EFFECTIVE': {
      const { file, to, why } = reason.args;
      const because = why.length ? `: ${why.map(formatPromoteNote).join('; ')}` : ' (an override elsewhere wins)';
      return `setting the tag in ${file} would not make ${to} run the promoted image${because}`;
    }
    case 'GATE_IMAGE_NOT_RUNNING':
      return `no container in ${reason.args.env} runs the promoted image ${reason.args.image}`;
    case 'GATE_IMAGE_UNMATCHED': {
      const { from, to, image, tag, digest } = reason.args;
      return `no container of ${from} or ${to} runs an image from ${image} (${tag ?? ''}${digest !== null ? `@${digest}` : ''}) after the bump`;
    }
    case 'GATE_BLOCKING_FINDING': {
      const { finding, resource, path } = reason.args;
      return `${finding}${resource ? ` ${resource.kind} ${resource.name}` : ''}${path ? ` ${path}` : ''}`;
    }
  }
}

/** A promotion plan's note in one line, prefixed by its image when the promotion carries several. */
export function formatPromoteNote(note: PromoteNote): string {
  return `${note.image !== undefined ? `${note.image}: ` : ''}${formatPromoteReason(note)}`;
}

function formatPromoteReason(reason: PromoteReason): string {
  switch (reason.code) {
    case 'PROMOTE_TAG_OVERRIDE': return `--tag ${reason.args.tag} overrides what ${reason.args.from} runs`;
    case 'PROMOTE_ALREADY_RUNS': return `${reason.args.to} already runs ${reason.args.reference}`;
    case 'PROMOTE_DROPS_DIGEST': return `drops digest ${reason.args.digest} pinned in ${reason.args.file}`;
    case 'PROMOTE_DROPS_TAG': return `drops tag ${reason.args.tag} set in ${reason.args.file}`;
    case 'PROMOTE_ENTRY_RENAMED': {
      const { image, arriving, entry, file } = reason.args;
      return `an inner kustomization renames ${image} to ${arriving}, so the entry for ${entry} in ${file} does not apply`;
    }
    case 'PROMOTE_OTHER_REPOSITORY': {
      const { to, toRepository, from, fromRepository } = reason.args;
      return `${to} pulls from ${toRepository}, ${from} from ${fromRepository}`;
    }
    case 'PROMOTE_STILL_RUNS': return `after the bump ${reason.args.to} would still run ${reason.args.reference}`;
    case 'PROMOTE_VALUES_OVERRIDDEN': {
      const { key, setting, file } = reason.args;
      return `${key} is set by ${describeSetting(setting)}, which helm applies after ${file}`;
    }
    case 'PROMOTE_DIGEST_PINNED': {
      const { key, digest, setting } = reason.args;
      return `${key} ${digest} set by ${describeSetting(setting)} would still pin the old image (the promoted reference has no digest)`;
    }
  }
}

/** `values-production.yaml:12`, `inline values (helm.values) of apps.yaml:3`, `helm.parameters image.tag of apps.yaml:3`. */
function describeSetting(setting: SettingSource): string {
  const at = `${setting.file}${setting.line ? `:${setting.line}` : ''}`;
  if (setting.kind === 'file') return at;
  if (setting.kind === 'inline') return `inline values (helm.values) of ${at}`;
  return `helm.parameters ${setting.name} of ${at}`;
}

/** Why a promotion or a rollback is refused, in one line (a `PromoteError`'s message): `HEAD is detached; check out a branch to commit the promotion`. */
export function formatPromoteRefusal(refusal: PromoteRefusal): string {
  return wordRefusal(refusal);
}

type RefusalArgs = { [C in PromoteRefusal['code']]: Extract<PromoteRefusal, { code: C }>['args'] };

function wordRefusal<C extends PromoteRefusal['code']>(refusal: { code: C; args: RefusalArgs[C] }): string {
  const wording: (args: RefusalArgs[C]) => string = REFUSAL_WORDINGS[refusal.code];
  return wording(refusal.args);
}

const TARGETS: Record<TargetDocument, string> = { kustomization: 'target kustomization', 'values file': 'target values file' };

/** One wording per refusal code (a mapped type over the union, so a new code cannot be forgotten). */
const REFUSAL_WORDINGS: { [C in PromoteRefusal['code']]: (args: RefusalArgs[C]) => string } = {
  PROMOTE_INVALID_TAG_OPTION: ({ problem }) => `--tag: refusing to promote an invalid reference: ${problem}`,
  PROMOTE_INVALID_REFERENCE: ({ problem }) => `refusing to promote an invalid reference: ${problem}`,
  PROMOTE_MUTABLE_REFERENCE: ({ reason }) => `refusing to promote a mutable reference: ${reason}`,
  PROMOTE_NO_REFERENCE: ({ env, image }) => `the ${env} overlay sets no tag or digest for image ${image}`,
  PROMOTE_NO_KUSTOMIZATION: ({ env }) => `the ${env} overlay has no kustomization`,
  PROMOTE_NO_IMAGES_ENTRY: () =>
    'the kustomization chain sets no images: entry; parity gates and promotes the tag an images: entry sets ' +
    '(add `images: [{name: <image>, newTag: <tag>}]` to the overlay instead of patching the image)',
  PROMOTE_SEVERAL_IMAGES: ({ images }) => `several images are run (${images.join(', ')}); choose one with --image`,
  PROMOTE_SEVERAL_OVERRIDDEN: ({ images }) => `several images are overridden (${images.join(', ')}); choose one with --image`,
  PROMOTE_IMAGE_NOT_RUN: ({ image, known }) => `image ${image} is not run by this overlay; known images: ${known.join(', ') || 'none'}`,
  PROMOTE_IMAGE_NOT_OVERRIDDEN: ({ image, known }) => `image ${image} is not overridden in the chain; known images: ${known.join(', ')}`,
  PROMOTE_UNCOMMITTED_TARGET: () =>
    'already holds the promoted reference, but as an uncommitted change (an interrupted promote?); commit or discard it, then promote again',
  PROMOTE_OUTSIDE_REPO: ({ target }) => `${TARGETS[target]} is outside the repository`,
  PROMOTE_SYMLINK: ({ target }) => `${TARGETS[target]} is a symbolic link; edit its target instead`,
  PROMOTE_UNREADABLE: ({ target, error }) => `cannot read ${TARGETS[target]}: ${error}`,
  PROMOTE_DIRTY: () => 'has uncommitted changes; commit or stash them before promoting',
  PROMOTE_DETACHED_HEAD: () => 'HEAD is detached; check out a branch to commit the promotion',
  PROMOTE_HEAD_MOVED: ({ audited, head }) => `HEAD moved since the audit (audited ${audited}, now ${head ?? 'no commit'})`,
  PROMOTE_GIT_FAILED: ({ message }) => `cannot promote: ${message}`,
  PROMOTE_COMMIT_FAILED: ({ message, file }) => `${message}; ${file} restored, nothing committed`,
  PROMOTE_INVALID_YAML: ({ message }) => message,
  PROMOTE_NOTHING_TO_SET: () => 'nothing to set: no tag or digest',
  PROMOTE_NOT_A_MAPPING: ({ document }) => `${document} is not a YAML mapping`,
  PROMOTE_IMAGES_NOT_A_LIST: () => 'images: is not a list',
  PROMOTE_NOT_ONE_LINE: ({ key }) => `images[].${key} is not a one-line scalar; edit it by hand`,
  PROMOTE_UNSAFE_EDIT: ({ image }) => `could not set the tag of image ${image} safely; edit the file by hand`,
  PROMOTE_COPY_DIR_FAILED: ({ label, error }) => `cannot create a private copy for the post-${label} render: ${error}`,
  PROMOTE_COPY_FAILED: ({ label, error }) => `cannot copy for the post-${label} render: ${error}`,
  PROMOTE_READS_OUTSIDE_REPO: () => 'the target overlay reads a file outside the repository; cannot render it after the bump',
  PROMOTE_VALUES_UNREADABLE: ({ error }) => `cannot read values file: ${error}`,
  PROMOTE_VALUES_NOT_ONE_LINE: ({ key }) => `${key} is not a one-line scalar; cannot set it without rewriting more than the tag`,
  PROMOTE_VALUES_NOT_A_MAPPING: ({ parent, key }) => `${parent.join('.')} is not a mapping; cannot add ${key} beneath it`,
  PROMOTE_VALUES_EMPTY_KEY: ({ key }) => `empty values key '${key}'`,
  PROMOTE_VALUES_EMPTY_FLOW_MAPPING: ({ key }) => `cannot add ${key} to an empty flow mapping ({}) without rewriting it`,
  PROMOTE_VALUES_UNSAFE_EDIT: ({ key }) => `setting ${key} would change more than its value; refusing to write`,
  PROMOTE_NO_OWN_VALUES_FILE: ({ from, to }) =>
    `the ${to} environment has no values file of its own (each is read by ${from} too); parity writes the tag into the target's own values file`,
  PROMOTE_VALUES_OUTSIDE_REPO: ({ env }) => `the ${env} values file is outside the repository; cannot promote into it`,
  PROMOTE_IMAGE_KEYS_DIFFER: ({ from, fromKeys, to, toKeys }) => `the image keys of ${from} (${fromKeys.join(', ')}) and ${to} (${toKeys.join(', ')}) differ`,
  PROMOTE_UNKNOWN_IMAGE_KEY: ({ image, service, keys }) => `--image ${image} is not an image key of ${service}; its keys: ${keys.join(', ')}`,
  PROMOTE_HELM_DIGEST_ONLY: ({ key, digestKey }) => `a Helm promotion writes a tag at ${key}; promote a tag (its digest goes to ${digestKey}), not a digest alone`,
  ROLLBACK_NO_KUSTOMIZATION: ({ env }) => `the ${env} overlay has no kustomization`,
  ROLLBACK_NO_IMAGES_ENTRY: ({ env, images }) => `the ${env} kustomization has no images: entry for ${images.join(', ')} to roll back`,
  ROLLBACK_DIRTY: () => 'has uncommitted changes; commit or stash them before rolling back',
  ROLLBACK_DETACHED_HEAD: () => 'HEAD is detached; check out a branch to commit the rollback',
  ROLLBACK_COMMIT_FAILED: ({ message, file }) => `${message}; ${file} restored, nothing committed`,
  ROLLBACK_NO_CHANGES: ({ images }) => `no commit changed the image${images.length > 1 ? 's' : ''} ${images.join(', ')}; nothing to roll back to`,
  ROLLBACK_INVALID_STEPS: ({ steps }) => `--steps must be a positive whole number, got ${steps}`,
  ROLLBACK_TOO_FEW_CHANGES: ({ images, file, changes }) =>
    `no earlier tag of ${images.join(', ')} in the history of ${file} (it has ${changes} tag change${changes === 1 ? '' : 's'})`,
  ROLLBACK_FIRST_TAG: ({ image, file, commit }) => `no earlier tag of ${image} in the history of ${file} (${commit.slice(0, 12)} set its first)`,
  ROLLBACK_NOTHING_TO_ROLL_BACK: ({ env, changes }) => `undoing ${changes} tag change(s) leaves ${env} on the references it runs; nothing to roll back`,
  ROLLBACK_ALREADY_RUNS: ({ env, tag }) => `${env} already runs ${tag}`,
  ROLLBACK_NOT_AN_EARLIER_TAG: ({ tag, image, file }) => `${tag} is not an earlier tag of ${image} in the history of ${file}`,
  ROLLBACK_FLOW_LIST: ({ image }) => `images: is a flow list; remove the entry for ${image} by hand`,
  ROLLBACK_UNSAFE_REMOVAL: ({ image }) => `could not remove the images: entry for ${image} safely; edit the file by hand`,
};

/** Why a workload fails the gate's health check, in one line: `Deployment web: 1 of 2 replicas ready`. */
export function formatHealthReason(reason: HealthReason): string {
  return `${reason.workload.kind} ${reason.workload.name}: ${describeHealthProblem(reason)}`;
}

type HealthArgs = { [C in HealthProblem['code']]: Extract<HealthProblem, { code: C }>['args'] };

/** One wording per health problem code. */
const HEALTH_WORDINGS: { [C in HealthProblem['code']]: (args: HealthArgs[C]) => string } = {
  HEALTH_NOT_FOUND: ({ namespace, context }) => `not found in namespace ${namespace} (context ${context})`,
  HEALTH_GENERATION_NOT_OBSERVED: ({ generation, observed }) => `the controller has not observed generation ${generation} yet (observed ${observed ?? 'none'})`,
  HEALTH_REPLICAS_SHORT: ({ have, want, state }) => `${have} of ${want} replicas ${state}`,
  HEALTH_OLD_REPLICAS: ({ total, desired }) => `${total - desired} old replicas still running (${total} total, ${desired} desired)`,
  HEALTH_ROLLOUT_STUCK: ({ message }) => `rollout stuck: ${message ?? 'progress deadline exceeded'}`,
  HEALTH_NOT_AVAILABLE: ({ reason, message }) => {
    const why = [reason, message].filter(Boolean).join(': ');
    return `not Available${why ? ` (${why})` : ''}`;
  },
  HEALTH_SOAK_UNKNOWN: () => 'Available, but since when is unknown (no lastTransitionTime)',
  HEALTH_SOAKING: ({ elapsedMs, soakMs }) => `Available for ${formatDuration(elapsedMs)}, soak requires ${formatDuration(soakMs)}`,
  HEALTH_ROLLOUT_IN_PROGRESS: ({ current, update }) => `rollout in progress (current revision ${current}, update revision ${update})`,
};

function describeHealthProblem<C extends HealthProblem['code']>(problem: { code: C; args: HealthArgs[C] }): string {
  const wording: (args: HealthArgs[C]) => string = HEALTH_WORDINGS[problem.code];
  return wording(problem.args);
}

/** Why the performance check fails or could not run, in one line: `performance check 'p99': 15.0% worse than before the rollout (…)`. */
export function formatPerformanceReason(reason: PerformanceReason): string {
  switch (reason.code) {
    case 'PERF_NO_CHECKS':
      return 'performance: the policy declares no spec.gates.performance checks';
    case 'PERF_NO_ROLLOUT':
      return `performance: cannot tell when the ${reason.args.env} rollout started: no commit changed the image in ${reason.args.file}`;
    default:
      return `performance check '${reason.args.check}': ${describePerformanceProblem(reason)}`;
  }
}

function describePerformanceProblem(reason: Exclude<PerformanceReason, { code: 'PERF_NO_CHECKS' | 'PERF_NO_ROLLOUT' }>): string {
  switch (reason.code) {
    case 'PERF_TEMPLATE':
    case 'PERF_UNREACHABLE':
      return reason.args.message;
    case 'PERF_QUERY_REJECTED':
      return `Prometheus rejected the query: ${reason.args.message}`;
    case 'PERF_WINDOW_SHORT': {
      const { elapsedMs, minWindowMs } = reason.args;
      return `too little data: the rollout started ${formatDuration(elapsedMs)} ago, the window must be at least ${formatDuration(minWindowMs)}`;
    }
    case 'PERF_SEVERAL_SERIES':
      return `the query returns ${reason.args.series} series; aggregate it to one (sum, avg, histogram_quantile)`;
    case 'PERF_NO_SAMPLES':
      return `too little data: no samples in the window ${reason.args.side} the rollout`;
    case 'PERF_SAMPLES_SHORT': {
      const { side, spanMs, minWindowMs } = reason.args;
      return `too little data: ${formatDuration(spanMs)} of samples ${side} the rollout, at least ${formatDuration(minWindowMs)} needed`;
    }
    case 'PERF_REGRESSION': {
      const { regression, before, after, better, tolerance } = reason.args;
      const shown = Number.isFinite(regression) ? `${regression.toFixed(1)}%` : 'from zero';
      return `${shown} worse than before the rollout (${formatNumber(before)} → ${formatNumber(after)}, ${better} is better, tolerance ${tolerance}%)`;
    }
  }
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/** Why the incidents check fails or could not run, in one line: `incidents: open alert HighErrorRate {…} since …`. */
export function formatIncidentReason(reason: IncidentReason): string {
  return `incidents: ${describeIncident(reason)}`;
}

function describeIncident(reason: IncidentReason): string {
  switch (reason.code) {
    case 'INCIDENT_NO_MATCHERS':
      return 'the policy declares no spec.gates.incidents.matchers';
    case 'INCIDENT_TEMPLATE':
    case 'INCIDENT_UNREACHABLE':
      return reason.args.message;
    case 'INCIDENT_QUERY_REFUSED':
      return `Alertmanager refused the query: ${reason.args.body ?? `HTTP ${reason.args.status}`}`;
    case 'INCIDENT_OPEN': {
      const { name, labels, startsAt, generatorURL } = reason.args;
      return `open alert ${name} ${labelsOf(labels)} since ${startsAt}${generatorURL ? ` (${generatorURL})` : ''}`;
    }
  }
}

/** `{service="checkout-service", severity="P1"}`, the alert name left out (it is said already). */
function labelsOf(labels: Record<string, string>): string {
  const pairs = Object.entries(labels)
    .filter(([key]) => key !== 'alertname')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return `{${pairs.join(', ')}}`;
}

/** The subject's value in `env`; none when the subject names no such environment. */
function valueIn(subject: Pick<MessageSubject, 'values'>, env: string | undefined): unknown {
  return env === undefined ? undefined : subject.values[env];
}

function describeValueDrift(subject: MessageSubject, where: string): string {
  const [a, b] = subject.envs;
  const left = valueIn(subject, a);
  const right = valueIn(subject, b);
  if (left === undefined) return `${where} is set only in ${b} (${showItem(right)}).`;
  if (right === undefined) return `${where} is set only in ${a} (${showItem(left)}).`;
  if (a !== undefined && b !== undefined && isMultiline(left) && isMultiline(right)) {
    return `${where} differs by line: ${subject.code === 'VALUE_DRIFT' && subject.args.lines ? namedLineChanges(a, b, subject.args.lines) : lineChanges(a, left, b, right)}.`;
  }
  return `${where} differs: ${a} has ${show(left)}, ${b} has ${show(right)}.`;
}


/** The lines one side has and the other lacks, a few of each: embedded config files read better so. */
function lineChanges(a: string, left: string, b: string, right: string): string {
  const leftLines = new Set(left.split('\n').map((line) => line.trimEnd()));
  const rightLines = new Set(right.split('\n').map((line) => line.trimEnd()));
  const onlyLeft = [...leftLines].filter((line) => line !== '' && !rightLines.has(line));
  const onlyRight = [...rightLines].filter((line) => line !== '' && !leftLines.has(line));
  const parts = [];
  if (onlyLeft.length) parts.push(`only in ${a}: ${someLines(onlyLeft)}`);
  if (onlyRight.length) parts.push(`only in ${b}: ${someLines(onlyRight)}`);
  return parts.join('; ') || 'whitespace or line order only';
}

/** The lines each side alone has, beyond each side's environment name (VALUE_DRIFT's `lines`). */
function namedLineChanges(a: string, b: string, lines: { left: string[]; right: string[] }): string {
  const parts = [];
  if (lines.left.length) parts.push(`only in ${a}: ${someLines(lines.left)}`);
  if (lines.right.length) parts.push(`only in ${b}: ${someLines(lines.right)}`);
  return parts.join('; ') || 'only by environment names, whitespace or line order';
}

function someLines(lines: string[]): string {
  const shown = lines.slice(0, 3).map((line) => show(line)).join(', ');
  return lines.length > 3 ? `${shown} and ${lines.length - 3} more` : shown;
}

/** An env var item reads as `NAME=value`; anything else as its JSON. */
function showItem(value: unknown): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const item = value as Record<string, unknown>;
    const keys = Object.keys(item);
    if (typeof item.name === 'string' && typeof item.value === 'string' && keys.length === 2) {
      return show(`${item.name}=${item.value}`);
    }
  }
  return show(value);
}

function postures(subject: Pick<MessageSubject, 'envs' | 'values'>): string {
  return subject.envs.map((env) => `${env} ${show(subject.values[env])}`).join(' vs ');
}

function onlyIn(only: Record<string, string[]>): string {
  const parts = Object.entries(only)
    .filter(([, keys]) => keys.length > 0)
    .map(([env, keys]) => `${keys.join(', ')} only in ${env}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

function managerNote(args: ArgsOf<'LIVE_DRIFT'>): string {
  if (!args.manager) return '';
  const time = args.time ? ` at ${args.time}` : '';
  const op = args.operation ? ` (${args.operation})` : '';
  return `; last changed by ${args.manager}${op}${time}`;
}

/** A short rendering of a value for a sentence, scrubbed of secrets before it is shortened. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const safe = scrubText(value);
    return JSON.stringify(safe.length > 80 ? `${safe.slice(0, 77)}...` : safe);
  }
  const json = scrubText(JSON.stringify(value));
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function str(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return String(value);
}
