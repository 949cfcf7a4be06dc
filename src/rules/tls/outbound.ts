import { isCredentialKey, splitKeyWords } from '../credential-key.js';
import { certEnvRole, envEvidence, volumeEvidence } from './certificates.js';
import { containerVars } from './container-vars.js';
import { istioTlsFor } from './destination-rules.js';
import { parseEndpointUrl } from './endpoint-url.js';
import type { EnvIndex } from './env-index.js';
import type { CertEvidence, EndpointPosture } from './types.js';
import { listContainers, type ContainerRef, type Workload } from './workloads.js';

/** Trailing words of an endpoint key that say "address", not "which service": `PROCESSOR_API_URL` → `processor`. */
const ADDRESS_WORDS = new Set(['url', 'uri', 'urls', 'endpoint', 'endpoints', 'host', 'addr', 'address', 'base', 'dsn', 'server', 'api']);

/** Every outbound endpoint of every container of a workload, with its TLS posture. */
export function outboundPostures(index: EnvIndex, workload: Workload): EndpointPosture[] {
  return listContainers(workload).flatMap((container) => containerEndpoints(index, workload, container));
}

function containerEndpoints(index: EnvIndex, workload: Workload, container: ContainerRef): EndpointPosture[] {
  const vars = containerVars(index, workload, container);
  const endpoints = vars.flatMap((entry) => {
    const url = typeof entry.value === 'string' && !isCredentialKey(entry.name) && certEnvRole(entry.name, entry.value) === null
      ? parseEndpointUrl(entry.value)
      : null;
    return url ? [{ entry, url }] : [];
  });
  const evidence = [
    ...vars.flatMap((entry) => envEvidence(entry.name, entry.value, entry.claims) ?? []),
    ...volumeEvidence(index, workload, container),
  ];
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
