import type { CertSource, InboundAspect, MeshState } from '../../finding-args.js';
import type { NormalizedResource } from '../../types.js';

export type { InboundAspect };

/** A field of a resource that a posture was read from: a difference there is part of the posture. */
export interface Claim {
  /** NormalizedResource.key of the resource in its environment. */
  resourceKey: string;
  segments: string[];
}

/** A field that decides part of a posture: the object (in one environment) and the path that set it. */
export interface DecidingField {
  resource: NormalizedResource;
  segments: string[];
}

/** One part of a posture: its state as compared, and the field that set it (null when nothing does). */
export interface PostureAspect {
  state: string;
  field: DecidingField | null;
}

/** Evidence of a client certificate or a custom CA, for one container. */
export interface CertEvidence {
  role: 'client' | 'ca';
  /** Where it comes from: `{from: 'secret', name: 'processor-client-tls'}`, `{from: 'env', name: 'PROCESSOR_CLIENT_CERT'}`. */
  source: CertSource;
  /** Names to attribute the evidence to an endpoint by prefix (env var, secret and volume names). */
  names: string[];
  /** Mount path of a certificate volume, to link env vars pointing at files below it. */
  mountPath?: string;
  /** File path an env var points at. */
  filePath?: string;
  claims: Claim[];
}

/** One outbound endpoint key of a container and its TLS posture. */
export interface EndpointPosture {
  container: string;
  key: string;
  url: string;
  host: string;
  scheme: string;
  /** TLS query parameters of the URL (`sslmode=verify-full`). */
  tlsParams: string[];
  clientCert: CertEvidence[];
  ca: CertEvidence[];
  /** Istio DestinationRule tls.mode for the host (and port), or null. */
  istioTls: string | null;
  /** Where the key is declared: the workload's env var, or a ConfigMap key. */
  declared: { resource: NormalizedResource; segments: string[] };
  claims: Claim[];
}

export interface InboundPosture {
  /** PeerAuthentication mode (`STRICT`, `PERMISSIVE`, `DISABLE`) or null when none applies. */
  peerAuthentication: string | null;
  /** Port-level modes, `8080=PERMISSIVE`, sorted. */
  portModes: string[];
  /** Mesh proxy settings, Istio before Linkerd (empty when nothing says). */
  mesh: MeshState[];
  /** Each part of the posture with the field that decides it. */
  aspects: Record<InboundAspect, PostureAspect>;
  claims: Claim[];
}

/**
 * A container that calls no endpoint URL but presents a client certificate: a certificate Secret
 * volume mounted into it plus an env var naming a certificate or key file. Its outbound TLS
 * posture cannot be tied to an endpoint, so it is compared per container.
 */
export interface ContainerCertPosture {
  container: string;
  /** The volume and env evidence (empty when the container presents no client certificate). */
  clientCert: CertEvidence[];
  /** The mount, the volume and the env var that set it, in that order. */
  fields: DecidingField[];
  claims: Claim[];
}

export interface WorkloadPosture {
  resource: NormalizedResource;
  inbound: InboundPosture;
  endpoints: EndpointPosture[];
  /** Containers without endpoint URLs, with their client certificate (if any). */
  certificates: ContainerCertPosture[];
}
