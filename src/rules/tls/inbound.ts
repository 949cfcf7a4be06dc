import { isPlainObject } from '../../util/is-plain-object.js';
import type { InboundState, MeshState } from '../../finding-args.js';
import type { NormalizedResource } from '../../types.js';
import type { EnvIndex } from './env-index.js';
import type { Claim, DecidingField, InboundPosture, PostureAspect } from './types.js';
import { getIn, stringMap, type Workload } from './workloads.js';

const ISTIO_INJECT = 'sidecar.istio.io/inject';
const LINKERD_INJECT = 'linkerd.io/inject';
const NOTHING: PostureAspect = { state: '', field: null };

/** Inbound posture of a workload: PeerAuthentication modes and mesh sidecar injection. */
export function inboundPosture(index: EnvIndex, workload: Workload): InboundPosture {
  const claims: Claim[] = [];
  const peer = peerAuthentication(index, workload, claims);
  const namespace = index.namespaceOf(workload.resource);
  const istio = istioSidecar(namespace, workload, claims);
  const linkerd = linkerdProxy(namespace, workload, claims);
  return {
    peerAuthentication: peer.mode.state === '' ? null : peer.mode.state,
    portModes: peer.ports.state === '' ? [] : peer.ports.state.split(','),
    mesh: [istio.mesh, linkerd.mesh].filter((mesh) => mesh !== null),
    aspects: { peerAuthentication: peer.mode, portModes: peer.ports, istio: istio.aspect, linkerd: linkerd.aspect },
    claims,
  };
}

/** The inbound posture as compared and reported. */
export function inboundState(posture: InboundPosture): InboundState {
  return {
    mtlsMode: posture.peerAuthentication,
    portModes: posture.portModes.map((entry) => {
      const [port = '', mode = ''] = entry.split('=');
      return { port, mode };
    }),
    mesh: posture.mesh,
  };
}

/** A mesh aspect: its state as compared (empty when nothing says) and the proxy setting it stands for. */
interface MeshAspect {
  aspect: PostureAspect;
  mesh: MeshState | null;
}

const NO_MESH: MeshAspect = { aspect: NOTHING, mesh: null };

function meshAspect(mesh: MeshState, field: DecidingField): MeshAspect {
  return { aspect: { state: JSON.stringify(mesh), field }, mesh };
}

function peerAuthentication(index: EnvIndex, workload: Workload, claims: Claim[]): { mode: PostureAspect; ports: PostureAspect } {
  const applicable = index.ofKind('PeerAuthentication').filter((pa) => pa.apiVersion.startsWith('security.istio.io/'));
  const namespaceWide = applicable.filter((pa) => selectorOf(pa) === null);
  const selecting = applicable.filter((pa) => selects(selectorOf(pa), workload.podMeta.labels));
  for (const pa of [...namespaceWide, ...selecting]) claims.push({ resourceKey: pa.key, segments: ['spec'] });
  const specific = selecting[0];
  const decider = modeOf(specific) !== null ? specific : modeOf(namespaceWide[0]) !== null ? namespaceWide[0] : (specific ?? namespaceWide[0]);
  const mode: PostureAspect = decider
    ? { state: modeOf(decider) ?? '', field: { resource: decider, segments: ['spec', 'mtls', 'mode'] } }
    : NOTHING;
  const ports = specific ? portModes(specific) : [];
  return {
    mode,
    ports: ports.length > 0 ? { state: ports.join(','), field: { resource: specific!, segments: ['spec', 'portLevelMtls'] } } : NOTHING,
  };
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

/** The pod's own setting wins; else the Namespace label `istio-injection`, else `istio.io/rev`. */
function istioSidecar(namespace: NormalizedResource | undefined, workload: Workload, claims: Claim[]): MeshAspect {
  const pod = podSetting(workload, ISTIO_INJECT, claims);
  if (pod) return meshAspect({ mesh: 'istio', injected: pod.value === 'true' }, pod.field);
  if (!namespace) return NO_MESH;
  const labels = namespace.object.metadata.labels ?? {};
  claims.push(
    { resourceKey: namespace.key, segments: ['metadata', 'labels', 'istio-injection'] },
    { resourceKey: namespace.key, segments: ['metadata', 'labels', 'istio.io/rev'] },
  );
  const label = (name: string): DecidingField => ({ resource: namespace, segments: ['metadata', 'labels', name] });
  if (labels['istio-injection'] !== undefined) {
    return meshAspect({ mesh: 'istio', injected: labels['istio-injection'] === 'enabled' }, label('istio-injection'));
  }
  return labels['istio.io/rev'] !== undefined ? meshAspect({ mesh: 'istio', injected: true }, label('istio.io/rev')) : NO_MESH;
}

/** The pod's own setting wins over the Namespace annotation (or label) `linkerd.io/inject`. */
function linkerdProxy(namespace: NormalizedResource | undefined, workload: Workload, claims: Claim[]): MeshAspect {
  const pod = podSetting(workload, LINKERD_INJECT, claims);
  const fromNamespace = pod ? null : namespaceSetting(namespace, LINKERD_INJECT, claims);
  const setting = pod ?? fromNamespace;
  if (!setting) return NO_MESH;
  const value = setting.value;
  const mesh: MeshState = { mesh: 'linkerd', injected: value !== 'disabled', ...(value === 'enabled' || value === 'disabled' ? {} : { setting: value }) };
  return meshAspect(mesh, setting.field);
}

interface Setting {
  value: string;
  field: DecidingField;
}

/** A pod template label or annotation (label first), claimed either way. */
function podSetting(workload: Workload, name: string, claims: Claim[]): Setting | null {
  return metadataSetting({ resource: workload.resource, path: workload.podMetaPath, ...workload.podMeta }, name, claims);
}

function namespaceSetting(namespace: NormalizedResource | undefined, name: string, claims: Claim[]): Setting | null {
  if (!namespace) return null;
  const { labels = {}, annotations = {} } = namespace.object.metadata;
  return metadataSetting({ resource: namespace, path: ['metadata'], labels, annotations }, name, claims);
}

/** Labels and annotations of an object's metadata (or a pod template's), and where they live. */
interface Metadata {
  resource: NormalizedResource;
  path: string[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function metadataSetting(meta: Metadata, name: string, claims: Claim[]): Setting | null {
  const key = meta.resource.key;
  claims.push(
    { resourceKey: key, segments: [...meta.path, 'labels', name] },
    { resourceKey: key, segments: [...meta.path, 'annotations', name] },
  );
  const where = meta.labels[name] !== undefined ? 'labels' : meta.annotations[name] !== undefined ? 'annotations' : null;
  if (where === null) return null;
  return { value: String(meta[where][name]), field: { resource: meta.resource, segments: [...meta.path, where, name] } };
}
