import type { Candidate, EndpointRule } from '../types.js';
import { makeCandidate } from './candidate.js';
import { scrubString, stripUrlCredentials } from './redact.js';
import { presentsClientCert, type WorkloadPosture } from './tls-posture.js';

export interface EnvScope {
  service: string;
  env: string;
}

const TLS_SCHEMES = new Set(['https', 'grpcs', 'wss', 'rediss', 'amqps', 'mqtts', 'ldaps', 'ftps', 'kafka+ssl']);
const TLS_PARAMS = /^(sslmode=(require|verify-ca|verify-full)|ssl=true|tls=true)$/i;
const ISTIO_TLS = new Set(['SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']);

/** Whether the endpoint is called over TLS at all (scheme, TLS query parameters or Istio origination). */
function usesTls(endpoint: WorkloadPosture['endpoints'][number]): boolean {
  return (
    TLS_SCHEMES.has(endpoint.scheme.toLowerCase()) ||
    endpoint.tlsParams.some((param) => TLS_PARAMS.test(param)) ||
    (endpoint.istioTls !== null && ISTIO_TLS.has(endpoint.istioTls))
  );
}

/** Whether the endpoint meets what the rule requires: mTLS = a client certificate; tls = TLS. */
function meets(rule: EndpointRule, endpoint: WorkloadPosture['endpoints'][number]): boolean {
  return rule.requires === 'mtls' ? presentsClientCert(endpoint) : usesTls(endpoint);
}

/**
 * MTLS_REQUIRED: an endpoint the policy declares mTLS-only called without a client certificate,
 * or one it declares TLS-only (`requires: tls`) called without TLS.
 */
export function mtlsRequiredCandidates(scope: EnvScope, postures: WorkloadPosture[], rules: EndpointRule[]): Candidate[] {
  const candidates = new Map<string, Candidate>();
  for (const posture of postures) {
    for (const endpoint of posture.endpoints) {
      const rule = rules.find((r) => hostMatches(r.host, endpoint.host));
      if (!rule || meets(rule, endpoint)) continue;
      const candidate = makeCandidate({
        code: 'MTLS_REQUIRED',
        service: scope.service,
        envs: [scope.env],
        resource: endpoint.declared.resource,
        segments: endpoint.declared.segments,
        values: { [scope.env]: scrubString(stripUrlCredentials(endpoint.url)) },
        args: { host: rule.host, requires: rule.requires, key: endpoint.key, container: endpoint.container, workload: posture.resource.name },
      });
      candidates.set(`${endpoint.declared.resource.key}\u0000${candidate.path}`, candidate);
    }
  }
  return [...candidates.values()];
}

/** `api.processor.example` exactly; `*.processor.example` any subdomain. */
function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  return p.startsWith('*.') ? host.endsWith(p.slice(1)) : host === p;
}
