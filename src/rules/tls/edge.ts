/**
 * TLS at the edge: what an Ingress, a Gateway API Gateway or an Istio Gateway says about how
 * traffic enters (TLS on or off, redirects to HTTPS, client certificates, termination mode).
 * Host names and certificate Secret names are left out: they differ per environment by design.
 */
import { isPlainObject } from '../../util/is-plain-object.js';
import type { NormalizedResource } from '../../types.js';
import { getIn, itemSegments } from './workloads.js';

const NGINX = 'nginx.ingress.kubernetes.io/';
const AUTH_TLS = `${NGINX}auth-tls-`;
const TLS_PROTOCOLS = new Set(['HTTPS', 'TLS']);

/**
 * Annotations that give an Ingress its certificate outside `spec.tls`: GKE's managed and
 * pre-shared certificates, and cert-manager's ingress-shim (which fills `spec.tls` only when
 * the Ingress already lists hosts there, so the issuer annotation alone says TLS is meant).
 */
const CERTIFICATE_ANNOTATIONS = [
  'networking.gke.io/managed-certificates',
  'ingress.gcp.kubernetes.io/pre-shared-cert',
  'cert-manager.io/cluster-issuer',
  'cert-manager.io/issuer',
];

/** One compared part of an edge posture: its state and the field that holds it. */
interface EdgePart {
  name: string;
  state: string;
  segments: string[];
}

/** One edge posture aspect of a resource (`ingress tls`, `listener web`), compared part by part. */
export interface EdgeAspect {
  edge: string;
  parts: EdgePart[];
  /** Further paths whose differences this aspect speaks for. */
  claims: string[][];
}

/** Kinds whose presence in one environment only is an edge posture difference. */
export function isEdgeOnlyKind(resource: NormalizedResource): boolean {
  return resource.kind === 'BackendTLSPolicy' && resource.group === 'gateway.networking.k8s.io';
}

/** The edge aspects of a resource, by a stable id (empty for other kinds). */
export function edgeAspects(resource: NormalizedResource): Map<string, EdgeAspect> {
  const aspects = aspectsOf(resource);
  return new Map(aspects.map((aspect) => [aspect.edge, aspect]));
}

function aspectsOf(resource: NormalizedResource): EdgeAspect[] {
  if (isIngress(resource)) return ingressAspects(resource);
  if (resource.kind === 'Gateway' && resource.group === 'gateway.networking.k8s.io') return listenerAspects(resource);
  if (resource.kind === 'Gateway' && resource.group === 'networking.istio.io') return istioServerAspects(resource);
  return [];
}

/**
 * Whether an Ingress terminates TLS, and the field that says so: `spec.tls` with entries, or
 * an annotation that attaches a certificate (`spec.tls` when neither is set).
 */
export function ingressTls(resource: NormalizedResource): { on: boolean; segments: string[] } {
  const tls = getIn(resource.object, ['spec', 'tls']);
  if (Array.isArray(tls) && tls.length > 0) return { on: true, segments: ['spec', 'tls'] };
  const annotations = resource.object.metadata.annotations ?? {};
  const key = CERTIFICATE_ANNOTATIONS.find((name) => typeof annotations[name] === 'string' && annotations[name] !== '');
  return key ? { on: true, segments: ['metadata', 'annotations', key] } : { on: false, segments: ['spec', 'tls'] };
}

export function isIngress(resource: NormalizedResource): boolean {
  return resource.kind === 'Ingress' && (resource.group === 'networking.k8s.io' || resource.group === 'extensions');
}

function ingressAspects(resource: NormalizedResource): EdgeAspect[] {
  const tls = ingressTls(resource);
  const annotations = resource.object.metadata.annotations ?? {};
  const annotation = (name: string) => ['metadata', 'annotations', `${NGINX}${name}`];
  const setting = (name: string, fallback: string) => String(annotations[`${NGINX}${name}`] ?? fallback).toLowerCase();
  const authKeys = Object.keys(annotations).filter((key) => key.startsWith(AUTH_TLS));
  const secret = annotations[`${AUTH_TLS}secret`];
  const verify = String(annotations[`${AUTH_TLS}verify-client`] ?? 'on').toLowerCase();
  return [
    {
      edge: 'ingress tls',
      parts: [{ name: 'tls', state: String(tls.on), segments: tls.segments }],
      claims: [['spec', 'tls'], ...CERTIFICATE_ANNOTATIONS.map((name) => ['metadata', 'annotations', name])],
    },
    { edge: 'ingress ssl-redirect', parts: [{ name: 'sslRedirect', state: setting('ssl-redirect', 'true'), segments: annotation('ssl-redirect') }], claims: [] },
    {
      edge: 'ingress force-ssl-redirect',
      parts: [{ name: 'forceSslRedirect', state: setting('force-ssl-redirect', 'false'), segments: annotation('force-ssl-redirect') }],
      claims: [],
    },
    {
      edge: 'ingress client-certificate auth',
      parts: [{ name: 'clientCertificateAuth', state: secret === undefined ? 'off' : verify, segments: annotation('auth-tls-secret') }],
      claims: authKeys.map((key) => ['metadata', 'annotations', key]),
    },
  ];
}

/** Gateway API listeners: protocol and TLS mode (Terminate unless Passthrough is set). */
function listenerAspects(resource: NormalizedResource): EdgeAspect[] {
  const listeners = getIn(resource.object, ['spec', 'listeners']);
  if (!Array.isArray(listeners)) return [];
  const names = itemSegments('listeners', listeners);
  return listeners.flatMap((listener, i) => {
    if (!isPlainObject(listener)) return [];
    const at = ['spec', 'listeners', names[i]!];
    const protocol = String(listener.protocol ?? '').toUpperCase();
    const mode = TLS_PROTOCOLS.has(protocol) ? String(getIn(listener, ['tls', 'mode']) ?? 'Terminate') : 'none';
    return [{
      edge: `listener ${names[i]!}`,
      parts: [
        { name: 'protocol', state: protocol, segments: [...at, 'protocol'] },
        { name: 'tlsMode', state: mode, segments: [...at, 'tls', 'mode'] },
      ],
      claims: [[...at, 'tls', 'mode']],
    }];
  });
}

/** Istio Gateway servers: `tls.mode` (SIMPLE, MUTUAL, ISTIO_MUTUAL, PASSTHROUGH…) and the port protocol. */
function istioServerAspects(resource: NormalizedResource): EdgeAspect[] {
  const servers = getIn(resource.object, ['spec', 'servers']);
  if (!Array.isArray(servers)) return [];
  const names = itemSegments('servers', servers);
  return servers.flatMap((server, i) => {
    if (!isPlainObject(server)) return [];
    const at = ['spec', 'servers', names[i]!];
    return [{
      edge: `server ${names[i]!}`,
      parts: [
        { name: 'protocol', state: String(getIn(server, ['port', 'protocol']) ?? '').toUpperCase(), segments: [...at, 'port', 'protocol'] },
        { name: 'tlsMode', state: String(getIn(server, ['tls', 'mode']) ?? 'none').toUpperCase(), segments: [...at, 'tls', 'mode'] },
      ],
      claims: [[...at, 'tls', 'mode']],
    }];
  });
}

/** `{tls: "true"}`, `{protocol: "HTTPS", tlsMode: "Terminate"}`: the aspect's state per part. */
export function edgeState(aspect: EdgeAspect): Record<string, string> {
  return Object.fromEntries(aspect.parts.map((part) => [part.name, part.state]));
}
