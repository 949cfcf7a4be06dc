/**
 * TLS posture of every workload of one environment: inbound (PeerAuthentication, mesh
 * injection) and, per outbound endpoint key, scheme, client certificate, CA and Istio TLS mode.
 */
import type { CertSource, EndpointState } from '../finding-args.js';
import type { EnvResources } from '../types.js';
import { indexEnv } from './tls/env-index.js';
import { inboundPosture, inboundState } from './tls/inbound.js';
import { outboundPostures } from './tls/outbound.js';
import type { EndpointPosture, InboundAspect, WorkloadPosture } from './tls/types.js';
import { findWorkloads } from './tls/workloads.js';

export type { EndpointPosture, WorkloadPosture } from './tls/types.js';
export { inboundState };

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

/** The posture of an endpoint as compared and reported: scheme, TLS parameters, certificate sources, Istio mode. */
export function endpointState(posture: EndpointPosture): EndpointState {
  return {
    scheme: posture.scheme,
    tlsParams: posture.tlsParams,
    clientCert: sources(posture.clientCert),
    ca: sources(posture.ca),
    istioTls: posture.istioTls,
  };
}

/** Secrets first; env vars only when no secret says it. */
function sources(evidence: EndpointPosture['clientCert']): CertSource[] {
  const secrets = evidence.filter((item) => item.source.from === 'secret');
  const shown = secrets.length > 0 ? secrets : evidence;
  const seen = new Set<string>();
  return shown.map((item) => item.source).filter((source) => {
    const key = `${source.from} ${source.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
