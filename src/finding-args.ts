/**
 * The arguments of each finding code: what a rule found, as data. Wording lives in one
 * formatter (`src/report/messages.ts`), which switches on the code; a candidate carries one
 * member of `FindingArgs`, so the compiler checks each code's arguments where a rule builds them.
 */

/**
 * VALUE_DRIFT: its values say it all; an Argo CD Application field names the Applications
 * compared. For two multi-line values (a config file), `lines` holds the lines each side alone
 * has once lines that differ only by the environment's name are set aside (redacted, in order).
 */
export interface ValueDriftArgs {
  applications?: Record<string, string>;
  lines?: { left: string[]; right: string[] };
}

/**
 * RESOURCE_MISSING: a resource in one environment only; `overlay` when a whole environment is
 * missing from a service (`missing`: no overlay, `empty`: an overlay that renders nothing).
 */
export interface ResourceMissingArgs {
  presentIn: string;
  missingIn: string;
  overlay?: 'missing' | 'empty';
}

/** What a Namespace posture key is about. */
export type NamespaceAspect = 'istio' | 'linkerd' | 'pod-security';

/** Parts of the inbound posture, each compared on its own. */
export type InboundAspect = 'peerAuthentication' | 'portModes' | 'istio' | 'linkerd';

/** A differing field that an MTLS_MISMATCH speaks for (claimed from VALUE_DRIFT). */
export interface RelatedPath {
  kind: string;
  name: string;
  path: string;
}

/** Where a client certificate or custom CA of a container comes from. */
export interface CertSource {
  from: 'secret' | 'env';
  name: string;
}

/** The outbound TLS posture of one endpoint key, as compared (names of secrets and hosts may differ). */
export interface EndpointState {
  scheme: string;
  /** TLS query parameters of the URL (`sslmode=verify-full`). */
  tlsParams: string[];
  /** Evidence of a client certificate presented by the container (empty: none). */
  clientCert: CertSource[];
  /** Evidence of a custom CA (empty: none). */
  ca: CertSource[];
  /** Istio DestinationRule `tls.mode` for the host, or null. */
  istioTls: string | null;
}

/** A mesh proxy setting of a workload: `injected` false is an explicit opt-out; `setting` a Linkerd value other than enabled/disabled. */
export interface MeshState {
  mesh: 'istio' | 'linkerd';
  injected: boolean;
  setting?: string;
}

/** The inbound posture of a workload, as compared. */
export interface InboundState {
  /** PeerAuthentication mode (`STRICT`, `PERMISSIVE`, `DISABLE`) or null when none applies. */
  mtlsMode: string | null;
  /** Port-level modes, sorted by port. */
  portModes: Array<{ port: string; mode: string }>;
  mesh: MeshState[];
}

/** Per environment, what the posture finding compares. */
export type PerEnv<T> = Record<string, T>;

/** MTLS_MISMATCH, by which posture differs; `workloads` lists the workloads one deciding field speaks for. */
export type MtlsMismatchArgs = { related?: RelatedPath[]; workloads?: string[] } & (
  | { posture: 'namespace'; aspect: NamespaceAspect; key: string }
  | { posture: 'endpoint'; endpoint: string; container: string; states: PerEnv<EndpointState> }
  | { posture: 'inbound'; aspect: InboundAspect; states: PerEnv<InboundState> }
  | { posture: 'certificate'; container: string; presentIn: string; missingIn: string }
  /** An edge aspect (Ingress, Gateway listener, Istio server) that differs on both sides. */
  | { posture: 'edge'; edge: string }
  /** An edge resource in one environment only: `ingress-tls` an Ingress that terminates TLS, `kind` a BackendTLSPolicy. */
  | { posture: 'edge-one-sided'; edge: 'ingress-tls' | 'kind'; kind: string; presentIn: string; missingIn: string }
);

export interface MtlsRequiredArgs {
  host: string;
  requires: 'tls' | 'mtls';
  key: string;
  container: string;
  workload: string;
}

/** IMAGE_MISMATCH: the image repository differs, or (at a gate) the target would not run the promoted image. */
export type ImageMismatchArgs =
  | { gate: false; container: string }
  /** `actual` null: no such container in the target. */
  | { gate: true; expected: string; actual: string | null };

export interface CrossEnvReferenceArgs {
  referencedEnv: string;
  key: string;
  token: string;
  /** Found as an image tag (else in an address). */
  imageTag: boolean;
}

export interface SecretDriftArgs {
  /** Per environment, the keys only it holds. */
  onlyIn: Record<string, string[]>;
}

export interface SecretReusedArgs {
  key: string;
  /** Why the value counts as a credential (`judgeCredential`). */
  reason: CredentialReason;
}

/** A credential shape a value holds (`credentialShapeOf`, the first of its shapes). */
export type CredentialShape =
  | 'private-key'
  | 'credential-parameter'
  | 'credential-quoted-field'
  | 'url-userinfo'
  | 'connection-string'
  | 'credential-setting'
  | 'credential-flag'
  | 'authorization-token'
  | 'quoted-bytes';

/** Why a value counts as a credential: its shape, a credential word (`password`, `api key`) in its key's name, or being a value of a Secret. */
export type CredentialReason = { kind: 'shape'; shape: CredentialShape } | { kind: 'name'; key: string; word: string } | { kind: 'secret' };

export interface AllowStaleArgs {
  rule: string;
}

export interface WaiverExpiredArgs {
  waiver: string;
  expires: string;
  owner: string;
}

interface LiveArgs {
  /** The kube context compared against. */
  context: string;
  namespace?: string;
}

export interface LiveDriftArgs extends LiveArgs {
  /** `changed`: both hold a value; `missing`: the repo sets it, the cluster lacks it; `extra`: only the cluster holds it. */
  change: 'changed' | 'missing' | 'extra';
  /** The field manager that last changed the field (or its parent: `attribution`), from managedFields. */
  manager?: string;
  operation?: string;
  time?: string | null;
  attribution?: 'field' | 'parent';
}

export interface LiveMissingArgs extends LiveArgs {
  reason: 'kind-not-served' | 'not-found';
}

/** One member per finding code: the code and its arguments. */
export type FindingArgs =
  | { code: 'VALUE_DRIFT'; args: ValueDriftArgs }
  | { code: 'RESOURCE_MISSING'; args: ResourceMissingArgs }
  | { code: 'MTLS_MISMATCH'; args: MtlsMismatchArgs }
  | { code: 'MTLS_REQUIRED'; args: MtlsRequiredArgs }
  | { code: 'IMAGE_MISMATCH'; args: ImageMismatchArgs }
  | { code: 'CROSS_ENV_REFERENCE'; args: CrossEnvReferenceArgs }
  | { code: 'SECRET_DRIFT'; args: SecretDriftArgs }
  | { code: 'SECRET_REUSED'; args: SecretReusedArgs }
  | { code: 'ALLOW_STALE'; args: AllowStaleArgs }
  | { code: 'WAIVER_EXPIRED'; args: WaiverExpiredArgs }
  | { code: 'LIVE_DRIFT'; args: LiveDriftArgs }
  | { code: 'LIVE_MISSING'; args: LiveMissingArgs };

/** The arguments of one code. */
export type ArgsOf<C extends FindingArgs['code']> = Extract<FindingArgs, { code: C }>['args'];
