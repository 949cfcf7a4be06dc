/**
 * The posture a Namespace sets for every pod in it: mesh sidecar injection and Pod Security
 * admission, read from its labels and annotations.
 */
import type { NamespaceAspect } from '../../finding-args.js';
import type { NormalizedResource } from '../../types.js';
import type { DecidingField } from './types.js';

const POSTURE_KEYS = new Set(['istio-injection', 'istio.io/rev', 'linkerd.io/inject']);
const POD_SECURITY_PREFIX = 'pod-security.kubernetes.io/';

/** A posture label or annotation whose value differs between two environments' Namespaces. */
export interface NamespaceSettingChange {
  aspect: NamespaceAspect;
  key: string;
  left: string | null;
  right: string | null;
  /** The field on the side that sets it (the right when both do). */
  field: DecidingField;
}

/** Whether a Namespace label or annotation key changes injection or pod security. */
function isNamespacePostureKey(key: string): boolean {
  return POSTURE_KEYS.has(key) || key.startsWith(POD_SECURITY_PREFIX);
}

/** Every posture label and annotation that differs between a paired Namespace (raw values). */
export function namespaceSettingChanges(left: NormalizedResource, right: NormalizedResource): NamespaceSettingChange[] {
  return (['labels', 'annotations'] as const).flatMap((where) => {
    const l = left.object.metadata[where] ?? {};
    const r = right.object.metadata[where] ?? {};
    const keys = [...new Set([...Object.keys(l), ...Object.keys(r)])].filter(isNamespacePostureKey).sort();
    return keys.flatMap((key): NamespaceSettingChange[] => {
      const lv = l[key] === undefined ? null : String(l[key]);
      const rv = r[key] === undefined ? null : String(r[key]);
      if (lv === rv) return [];
      const resource = rv !== null ? right : left;
      return [{ aspect: aspectOf(key), key, left: lv, right: rv, field: { resource, segments: ['metadata', where, key] } }];
    });
  });
}

function aspectOf(key: string): NamespaceAspect {
  if (key.startsWith(POD_SECURITY_PREFIX)) return 'pod-security';
  return key.startsWith('linkerd') ? 'linkerd' : 'istio';
}
