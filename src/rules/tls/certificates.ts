import { isPlainObject } from '../../util/is-plain-object.js';
import { splitKeyWords } from '../credential-key.js';
import type { EnvIndex } from './env-index.js';
import type { CertEvidence, Claim } from './types.js';
import { getIn, itemSegments, type ContainerRef, type Workload } from './workloads.js';

type Json = Record<string, unknown>;

const CLIENT_FILES = new Set(['tls.crt', 'tls.key', 'client.crt', 'client.key', 'cert.pem', 'key.pem', 'keystore.p12', 'keystore.jks']);
const CA_FILES = new Set(['ca.crt', 'ca.pem', 'ca-bundle.crt', 'truststore.jks', 'truststore.p12']);
const CERT_NAME_WORDS = new Set(['tls', 'mtls', 'cert', 'certs', 'certificate', 'certificates']);
const CA_WORDS = new Set(['ca', 'cacert', 'cacerts', 'truststore', 'rootcert', 'rootca']);
const CA_CONTEXT = new Set(['cert', 'certificate', 'crt', 'pem', 'file', 'dir', 'path', 'bundle', 'cacert', 'cacerts', 'truststore', 'rootcert', 'rootca']);
const CERT_WORDS = new Set(['cert', 'certificate', 'crt', 'pem', 'keystore', 'p12', 'pfx']);
const KEY_CONTEXT = new Set(['file', 'path', 'tls', 'ssl', 'client', 'pem']);

/** What a Secret volume mounted into this container says about certificates. */
export function volumeEvidence(index: EnvIndex, workload: Workload, container: ContainerRef): CertEvidence[] {
  const mounts = container.spec.volumeMounts;
  const volumes = workload.podSpec.volumes;
  if (!Array.isArray(mounts) || !Array.isArray(volumes)) return [];
  const volumeNames = itemSegments('volumes', volumes);
  const mountNames = itemSegments('volumeMounts', mounts);
  const evidence: CertEvidence[] = [];
  mounts.forEach((mount, i) => {
    if (!isPlainObject(mount)) return;
    const at = volumes.findIndex((volume) => isPlainObject(volume) && volume.name === mount.name);
    const volume = volumes[at];
    if (!isPlainObject(volume)) return;
    const claims: Claim[] = [
      { resourceKey: workload.resource.key, segments: [...workload.podSpecPath, 'volumes', volumeNames[at]!] },
      { resourceKey: workload.resource.key, segments: [...container.segments, 'volumeMounts', mountNames[i]!] },
    ];
    for (const source of secretSources(volume)) {
      const role = secretRole(index, source.secretName, source.items);
      if (role === null) continue;
      const certificate = certificateFor(index, source.secretName);
      if (certificate) claims.push({ resourceKey: certificate.key, segments: ['spec'] });
      evidence.push({
        role,
        source: { from: 'secret', name: source.secretName },
        names: [source.secretName, String(volume.name)],
        mountPath: String(mount.mountPath ?? ''),
        claims,
      });
    }
  });
  return evidence;
}

/** Env vars (or envFrom'd config keys) that name certificate, key or CA files. */
export function envEvidence(name: string, value: unknown, claims: Claim[]): CertEvidence | null {
  const role = certEnvRole(name, value);
  if (role === null) return null;
  const evidence: CertEvidence = { role, source: { from: 'env', name }, names: [name], claims };
  if (typeof value === 'string' && value.startsWith('/')) evidence.filePath = value;
  return evidence;
}

/**
 * `PROCESSOR_CLIENT_CERT`, `TLS_KEY_FILE`, `CLIENT_KEYSTORE` → client; `CA_FILE`, `SSL_CERT_FILE`
 * (OpenSSL's trust store) → ca; `API_KEY` → nothing. A `secretKeyRef` to `tls.crt` is a client cert.
 */
export function certEnvRole(name: string, value: unknown): 'client' | 'ca' | null {
  const ref = getIn(value, ['secretKeyRef', 'key']);
  if (typeof ref === 'string') return CLIENT_FILES.has(ref) ? 'client' : CA_FILES.has(ref) ? 'ca' : null;
  const words = splitKeyWords(name);
  const joined = words.join('_');
  if (joined === 'ssl_cert_file' || joined === 'ssl_cert_dir' || words.some((w) => CA_WORDS.has(w))) {
    return words.some((w) => CA_CONTEXT.has(w)) ? 'ca' : null;
  }
  if (words.some((w) => CERT_WORDS.has(w))) return 'client';
  return words.includes('key') && words.some((w) => KEY_CONTEXT.has(w)) ? 'client' : null;
}

interface SecretSource {
  secretName: string;
  items: string[];
}

function secretSources(volume: Json): SecretSource[] {
  const sources: SecretSource[] = [];
  const secret = volume.secret;
  if (isPlainObject(secret) && typeof secret.secretName === 'string') {
    sources.push({ secretName: secret.secretName, items: itemKeys(secret.items) });
  }
  const projected = getIn(volume, ['projected', 'sources']);
  for (const source of Array.isArray(projected) ? projected : []) {
    const ref = getIn(source, ['secret']);
    if (isPlainObject(ref) && typeof ref.name === 'string') sources.push({ secretName: ref.name, items: itemKeys(ref.items) });
  }
  return sources;
}

function itemKeys(items: unknown): string[] {
  return Array.isArray(items) ? items.map((item) => String(getIn(item, ['key']) ?? '')) : [];
}

/**
 * Whether a mounted Secret holds a client certificate: by the keys it projects, the Secret in
 * the render (type `kubernetes.io/tls` or `tls.crt`/`tls.key` keys), a cert-manager Certificate
 * writing it, or a name that says so (`processor-client-tls`). A Secret of only CA files is `ca`.
 */
function secretRole(index: EnvIndex, secretName: string, items: string[]): 'client' | 'ca' | null {
  if (items.length > 0) return filesRole(items);
  const secret = index.find('Secret', secretName);
  if (secret?.object.type === 'kubernetes.io/tls') return 'client';
  const keys = secret ? [...objectKeys(secret.object.data), ...objectKeys(secret.object.stringData)] : [];
  if (keys.length > 0) return filesRole(keys);
  const certificate = certificateFor(index, secretName);
  if (certificate) return issuesClientCert(certificate.object) ? 'client' : null;
  return splitKeyWords(secretName).some((word) => CERT_NAME_WORDS.has(word)) ? 'client' : null;
}

/** `tls.crt`/`tls.key` (or any client file) → client; only CA files → ca. */
function filesRole(keys: string[]): 'client' | 'ca' | null {
  if (keys.some((key) => CLIENT_FILES.has(key))) return 'client';
  return keys.some((key) => CA_FILES.has(key)) ? 'ca' : null;
}

function certificateFor(index: EnvIndex, secretName: string) {
  return index
    .ofKind('Certificate')
    .find((cert) => cert.apiVersion.startsWith('cert-manager.io/') && getIn(cert.object, ['spec', 'secretName']) === secretName);
}

/** A Certificate whose `usages` leave out `client auth` is a server certificate. */
function issuesClientCert(certificate: Json): boolean {
  const usages = getIn(certificate, ['spec', 'usages']);
  return !Array.isArray(usages) || usages.includes('client auth');
}

function objectKeys(value: unknown): string[] {
  return isPlainObject(value) ? Object.keys(value) : [];
}
