import { isPlainObject } from '../../match/list-keys.js';
import type { NormalizedResource } from '../../types.js';
import type { EnvIndex } from './env-index.js';
import type { Claim, InboundPosture } from './types.js';
import { getIn, stringMap, type Workload } from './workloads.js';

const ISTIO_INJECT = 'sidecar.istio.io/inject';
const LINKERD_INJECT = 'linkerd.io/inject';

/** Inbound posture of a workload: PeerAuthentication modes and mesh sidecar injection. */
export function inboundPosture(index: EnvIndex, workload: Workload): InboundPosture {
  const claims: Claim[] = [];
  const peer = peerAuthenticationMode(index, workload, claims);
  const mesh = [istioSidecar(index, workload, claims), linkerdProxy(index, workload, claims)].filter(
    (state): state is string => state !== null,
  );
  return { peerAuthentication: peer.mode, portModes: peer.portModes, mesh, claims };
}

export function describeInbound(posture: InboundPosture): string {
  const parts = [posture.peerAuthentication ? `mtls ${posture.peerAuthentication}` : 'no PeerAuthentication'];
  parts.push(...posture.portModes.map((entry) => `port ${entry.replace('=', ' ')}`));
  parts.push(...posture.mesh);
  return parts.join(', ');
}

function peerAuthenticationMode(index: EnvIndex, workload: Workload, claims: Claim[]): { mode: string | null; portModes: string[] } {
  const applicable = index.ofKind('PeerAuthentication').filter((pa) => pa.apiVersion.startsWith('security.istio.io/'));
  const namespaceWide = applicable.filter((pa) => selectorOf(pa) === null);
  const selecting = applicable.filter((pa) => selects(selectorOf(pa), workload.podMeta.labels));
  for (const pa of [...namespaceWide, ...selecting]) claims.push({ resourceKey: pa.key, segments: ['spec'] });
  const specific = selecting[0];
  const wide = namespaceWide[0];
  const mode = modeOf(specific) ?? modeOf(wide);
  return { mode, portModes: specific ? portModes(specific) : [] };
}

function selectorOf(pa: NormalizedResource): Record<string, string> | null {
  const labels = getIn(pa.object, ['spec', 'selector', 'matchLabels']);
  return isPlainObject(labels) && Object.keys(labels).length > 0 ? stringMap(labels) : null;
}

function selects(selector: Record<string, string> | null, labels: Record<string, string>): boolean {
  return selector !== null && Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** `spec.mtls.mode`, with `UNSET` (inherit) as no mode. */
function modeOf(pa: NormalizedResource | undefined): string | null {
  const mode = pa ? getIn(pa.object, ['spec', 'mtls', 'mode']) : undefined;
  return typeof mode === 'string' && mode.toUpperCase() !== 'UNSET' ? mode.toUpperCase() : null;
}

function portModes(pa: NormalizedResource): string[] {
  const ports = getIn(pa.object, ['spec', 'portLevelMtls']);
  if (!isPlainObject(ports)) return [];
  return Object.entries(ports)
    .map(([port, value]) => `${port}=${String(getIn(value, ['mode']) ?? 'UNSET').toUpperCase()}`)
    .sort();
}

function istioSidecar(index: EnvIndex, workload: Workload, claims: Claim[]): string | null {
  const pod = podSetting(workload, ISTIO_INJECT, claims);
  if (pod !== null) return pod === 'true' ? 'istio sidecar' : 'no istio sidecar';
  const namespace = index.ofKind('Namespace')[0];
  if (!namespace) return null;
  const labels = namespace.object.metadata.labels ?? {};
  claims.push(
    { resourceKey: namespace.key, segments: ['metadata', 'labels', 'istio-injection'] },
    { resourceKey: namespace.key, segments: ['metadata', 'labels', 'istio.io/rev'] },
  );
  if (labels['istio-injection'] !== undefined) return labels['istio-injection'] === 'enabled' ? 'istio sidecar' : 'no istio sidecar';
  return labels['istio.io/rev'] !== undefined ? 'istio sidecar' : null;
}

function linkerdProxy(index: EnvIndex, workload: Workload, claims: Claim[]): string | null {
  const pod = podSetting(workload, LINKERD_INJECT, claims);
  const namespace = index.ofKind('Namespace')[0];
  if (pod === null && namespace) {
    claims.push({ resourceKey: namespace.key, segments: ['metadata', 'annotations', LINKERD_INJECT] });
  }
  const value = pod ?? namespace?.object.metadata.annotations?.[LINKERD_INJECT] ?? null;
  if (value === null) return null;
  return value === 'disabled' ? 'no linkerd proxy' : `linkerd proxy${value === 'enabled' ? '' : ` (${value})`}`;
}

/** A pod template label or annotation (label first), claimed either way. */
function podSetting(workload: Workload, name: string, claims: Claim[]): string | null {
  const key = workload.resource.key;
  claims.push(
    { resourceKey: key, segments: [...workload.podMetaPath, 'labels', name] },
    { resourceKey: key, segments: [...workload.podMetaPath, 'annotations', name] },
  );
  return workload.podMeta.labels[name] ?? workload.podMeta.annotations[name] ?? null;
}
