/**
 * TLS posture of every workload of one environment: inbound (PeerAuthentication, mesh
 * injection) and, per outbound endpoint key, scheme, client certificate, CA and Istio TLS mode.
 */
import type { EnvResources } from '../types.js';
import { indexEnv } from './tls/env-index.js';
import { describeInbound, inboundPosture } from './tls/inbound.js';
import { outboundPostures } from './tls/outbound.js';
import type { EndpointPosture, InboundAspect, WorkloadPosture } from './tls/types.js';
import { findWorkloads } from './tls/workloads.js';

export type { EndpointPosture, WorkloadPosture } from './tls/types.js';
export { describeInbound };

/** The inbound aspects in the order a finding names their deciding fields. */
export const INBOUND_ASPECTS: readonly InboundAspect[] = ['peerAuthentication', 'portModes', 'istio', 'linkerd'];

const ISTIO_CLIENT_MODES = new Set(['MUTUAL', 'ISTIO_MUTUAL']);

export function computePostures(env: Pick<EnvResources, 'resources'>): WorkloadPosture[] {
  const index = indexEnv(env);
  return findWorkloads(env.resources).map((workload) => ({
    resource: workload.resource,
    inbound: inboundPosture(index, workload),
    ...outboundPostures(index, workload),
  }));
}

/** Whether a client certificate is presented to the endpoint: by the container or by the Istio sidecar. */
export function presentsClientCert(posture: EndpointPosture): boolean {
  return posture.clientCert.length > 0 || (posture.istioTls !== null && ISTIO_CLIENT_MODES.has(posture.istioTls));
}

/** What must stay equal across environments (names of secrets and hosts may differ). */
export function endpointSignature(posture: EndpointPosture): string {
  return JSON.stringify([
    posture.scheme,
    posture.tlsParams,
    posture.clientCert.length > 0,
    posture.ca.length > 0,
    posture.istioTls,
  ]);
}

/** `https, client certificate (secret processor-client-tls)`, `http, no client certificate`. */
export function describeEndpoint(posture: EndpointPosture): string {
  const parts = [posture.scheme, ...posture.tlsParams];
  parts.push(posture.clientCert.length > 0 ? `client certificate (${labels(posture.clientCert)})` : 'no client certificate');
  if (posture.ca.length > 0) parts.push(`custom CA (${labels(posture.ca)})`);
  if (posture.istioTls) parts.push(`istio tls ${posture.istioTls}`);
  return parts.join(', ');
}

/** Secrets first; env var names only when no secret says it. */
function labels(evidence: EndpointPosture['clientCert']): string {
  const secrets = evidence.filter((item) => item.label.startsWith('secret '));
  const shown = secrets.length > 0 ? secrets : evidence;
  return [...new Set(shown.map((item) => item.label))].join(', ');
}
