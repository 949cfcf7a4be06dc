import { isCredentialKey, splitKeyWords } from '../credential-key.js';
import { certEnvRole, envEvidence, volumeEvidence } from './certificates.js';
import { containerVars, type ContainerVar } from './container-vars.js';
import { istioTlsFor } from './destination-rules.js';
import { parseEndpointUrl } from './endpoint-url.js';
import type { EnvIndex } from './env-index.js';
import type { CertEvidence, ContainerCertPosture, EndpointPosture } from './types.js';
import { listContainers, type ContainerRef, type Workload } from './workloads.js';

/** Trailing words of an endpoint key that say "address", not "which service": `PROCESSOR_API_URL` → `processor`. */
const ADDRESS_WORDS = new Set(['url', 'uri', 'urls', 'endpoint', 'endpoints', 'host', 'addr', 'address', 'base', 'dsn', 'server', 'api']);

export interface OutboundPostures {
  endpoints: EndpointPosture[];
  certificates: ContainerCertPosture[];
}

/**
 * Every outbound endpoint of every container of a workload, with its TLS posture; a container
 * without endpoints is described by the client certificate it presents.
 */
export function outboundPostures(index: EnvIndex, workload: Workload): OutboundPostures {
  const result: OutboundPostures = { endpoints: [], certificates: [] };
  for (const container of listContainers(workload)) {
    const vars = containerVars(index, workload, container);
    const evidence = [
      ...vars.flatMap((entry) => envEvidence(entry.name, entry.value, entry.claims) ?? []),
      ...volumeEvidence(index, workload, container),
    ];
    const endpoints = containerEndpoints(index, container, vars, evidence);
    if (endpoints.length > 0) result.endpoints.push(...endpoints);
    else result.certificates.push(containerCertificate(workload, container, evidence));
  }
  return result;
}

/** Both a certificate volume and a certificate env var make a client certificate; either alone is plain drift. */
function containerCertificate(workload: Workload, container: ContainerRef, evidence: CertEvidence[]): ContainerCertPosture {
  const client = evidence.filter((item) => item.role === 'client');
  const volumes = client.filter((item) => item.mountPath !== undefined);
  const envs = client.filter((item) => item.mountPath === undefined);
  if (volumes.length === 0 || envs.length === 0) return { container: container.name, clientCert: [], fields: [], claims: [] };
  const claims = client.flatMap((item) => item.claims);
  const own = claims.filter((claim) => claim.resourceKey === workload.resource.key);
  const rank = (segments: string[]) => (segments.includes('volumeMounts') ? 0 : segments.includes('volumes') ? 1 : 2);
  const fields = own
    .map((claim) => ({ resource: workload.resource, segments: claim.segments }))
    .sort((a, b) => rank(a.segments) - rank(b.segments));
  return { container: container.name, clientCert: client, fields, claims };
}

function containerEndpoints(index: EnvIndex, container: ContainerRef, vars: ContainerVar[], evidence: CertEvidence[]): EndpointPosture[] {
  const endpoints = vars.flatMap((entry) => {
    const url = typeof entry.value === 'string' && !isCredentialKey(entry.name) && certEnvRole(entry.name, entry.value) === null
      ? parseEndpointUrl(entry.value)
      : null;
    return url ? [{ entry, url }] : [];
  });
  const keys = endpoints.map(({ entry }) => entry.name);
  return endpoints.map(({ entry, url }) => {
    const own = evidence.filter((item) => belongsTo(item, entry.name, keys, evidence));
    const istio = istioTlsFor(index, url.host, url.port);
    return {
      container: container.name,
      key: entry.name,
      url: String(entry.value),
      host: url.host,
      scheme: url.scheme,
      tlsParams: url.tlsParams,
      clientCert: own.filter((item) => item.role === 'client'),
      ca: own.filter((item) => item.role === 'ca'),
      istioTls: istio.mode,
      declared: entry.declared,
      claims: [...own.flatMap((item) => item.claims), ...istio.claims],
    } satisfies EndpointPosture;
  });
}

/**
 * Evidence named after an endpoint (`PROCESSOR_CLIENT_CERT` ↔ `PROCESSOR_URL`, secret
 * `processor-client-tls`) belongs to it alone; a volume an owned env var points into follows that
 * env var; evidence named after no endpoint belongs to every endpoint of the container.
 */
function belongsTo(item: CertEvidence, key: string, keys: string[], all: CertEvidence[]): boolean {
  const owners = ownersOf(item, keys, all);
  return owners.length === 0 || owners.includes(key);
}

function ownersOf(item: CertEvidence, keys: string[], all: CertEvidence[]): string[] {
  const named = keys.filter((key) => item.names.some((name) => startsWithWords(name, endpointPrefix(key))));
  if (named.length > 0 || item.mountPath === undefined) return named;
  const pointing = all.filter((other) => other.filePath !== undefined && isUnder(other.filePath, item.mountPath!));
  return [...new Set(pointing.flatMap((other) => ownersOf(other, keys, all)))];
}

function endpointPrefix(key: string): string[] {
  const words = splitKeyWords(key);
  while (words.length > 0 && ADDRESS_WORDS.has(words[words.length - 1]!)) words.pop();
  return words;
}

function startsWithWords(name: string, prefix: string[]): boolean {
  if (prefix.length === 0) return false;
  const words = splitKeyWords(name);
  return prefix.every((word, i) => words[i] === word);
}

function isUnder(file: string, dir: string): boolean {
  return dir !== '' && (file === dir || file.startsWith(dir.endsWith('/') ? dir : `${dir}/`));
}
