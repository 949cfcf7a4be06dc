import { isPlainObject } from '../../util/is-plain-object.js';
import type { NormalizedResource } from '../../types.js';
import type { EnvIndex } from './env-index.js';
import type { Claim } from './types.js';
import { getIn } from './workloads.js';

export interface IstioTls {
  mode: string | null;
  claims: Claim[];
}

/** The Istio DestinationRule `tls.mode` for a host and port (port-level settings win). */
export function istioTlsFor(index: EnvIndex, host: string, port: number | null): IstioTls {
  const rules = index.ofKind('DestinationRule').filter((dr) => dr.apiVersion.startsWith('networking.istio.io/'));
  const rule = rules.find((dr) => ruleHost(dr) === host) ?? rules.find((dr) => hostMatches(ruleHost(dr), host));
  if (!rule) return { mode: null, claims: [] };
  const claims: Claim[] = [
    { resourceKey: rule.key, segments: ['spec', 'host'] },
    { resourceKey: rule.key, segments: ['spec', 'trafficPolicy', 'tls'] },
    { resourceKey: rule.key, segments: ['spec', 'trafficPolicy', 'portLevelSettings'] },
  ];
  return { mode: portMode(rule, port) ?? stringOrNull(getIn(rule.object, ['spec', 'trafficPolicy', 'tls', 'mode'])), claims };
}

function ruleHost(rule: NormalizedResource): string {
  return String(getIn(rule.object, ['spec', 'host']) ?? '').toLowerCase();
}

/** `*.example.com` covers subdomains; a short name `processor` covers `processor.ns.svc.cluster.local`. */
function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '') return false;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  if (!pattern.includes('.')) return host.startsWith(`${pattern}.`);
  return !host.includes('.') && pattern.startsWith(`${host}.`);
}

function portMode(rule: NormalizedResource, port: number | null): string | null {
  const settings = getIn(rule.object, ['spec', 'trafficPolicy', 'portLevelSettings']);
  if (port === null || !Array.isArray(settings)) return null;
  const setting = settings.find((s) => isPlainObject(s) && Number(getIn(s, ['port', 'number'])) === port);
  return setting ? stringOrNull(getIn(setting, ['tls', 'mode'])) : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value.toUpperCase() : null;
}
