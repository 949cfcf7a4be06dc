import type { Candidate, EndpointRule } from '../types.js';
import { makeCandidate } from './candidate.js';
import { scrubString, stripUrlCredentials } from './redact.js';
import { presentsClientCert, type WorkloadPosture } from './tls-posture.js';

export interface EnvScope {
  service: string;
  env: string;
}

/** MTLS_REQUIRED: an endpoint the policy declares mTLS-only, called without a client certificate. */
export function mtlsRequiredCandidates(scope: EnvScope, postures: WorkloadPosture[], rules: EndpointRule[]): Candidate[] {
  const mtlsRules = rules.filter((rule) => rule.requires === 'mtls');
  const candidates = new Map<string, Candidate>();
  for (const posture of postures) {
    for (const endpoint of posture.endpoints) {
      const rule = mtlsRules.find((r) => hostMatches(r.host, endpoint.host));
      if (!rule || presentsClientCert(endpoint)) continue;
      const candidate = makeCandidate({
        code: 'MTLS_REQUIRED',
        service: scope.service,
        envs: [scope.env],
        resource: endpoint.declared.resource,
        segments: endpoint.declared.segments,
        values: { [scope.env]: scrubString(stripUrlCredentials(endpoint.url)) },
        detail: { host: rule.host, key: endpoint.key, container: endpoint.container, workload: posture.resource.name },
      });
      candidates.set(`${endpoint.declared.resource.key}\u0000${candidate.path}`, candidate);
    }
  }
  return [...candidates.values()];
}

/** `api.processor.example` exactly; `*.processor.example` any subdomain. */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  return p.startsWith('*.') ? host.endsWith(p.slice(1)) : host === p;
}
