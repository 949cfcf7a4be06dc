/**
 * The environment's identity label, written under different keys: staging labels everything
 * `cluster: staging` while production labels it `environment: production`. Each side's key is
 * set on that side only and holds that side's own environment token, so the two labels are one
 * and the same label by construction: they are left out of the comparison of the pair (in
 * metadata labels, selectors and pod template labels alike). This is one decision per pair of
 * environments, taken over all the service's resources:
 *
 * - a key is a side's identity label when every label map of the side that holds it holds one
 *   of the side's environment tokens (`envTokens`), and no label map of the other side holds it;
 * - both sides must have one, otherwise nothing is left out: a label present on one side only
 *   still drifts, whatever its value, and so does every other label and selector key.
 */
import { isPlainObject } from '../util/is-plain-object.js';
import type { EnvResources, K8sObject } from '../types.js';
import type { EnvTokenPair } from './equivalence.js';

type LabelMap = Record<string, unknown>;

/** The pair's resources without each side's environment identity label (unchanged when there is none). */
export function withoutEnvIdentityLabels(left: EnvResources, right: EnvResources, tokens: EnvTokenPair): [EnvResources, EnvResources] {
  const leftKeys = identityKeys(left, right, tokens.left);
  const rightKeys = identityKeys(right, left, tokens.right);
  if (leftKeys.size === 0 || rightKeys.size === 0) return [left, right];
  return [withoutLabels(left, leftKeys), withoutLabels(right, rightKeys)];
}

/** Label keys of `own` that always hold one of its tokens and that no label map of `other` holds. */
function identityKeys(own: EnvResources, other: EnvResources, tokens: readonly string[]): Set<string> {
  const ownTokens = new Set(tokens.map((token) => token.toLowerCase()));
  const holdsToken = new Map<string, boolean>();
  for (const map of labelMapsOf(own)) {
    for (const [key, value] of Object.entries(map)) {
      const isToken = typeof value === 'string' && ownTokens.has(value.toLowerCase());
      holdsToken.set(key, (holdsToken.get(key) ?? true) && isToken);
    }
  }
  const otherKeys = new Set(labelMapsOf(other).flatMap((map) => Object.keys(map)));
  return new Set([...holdsToken].filter(([key, isToken]) => isToken && !otherKeys.has(key)).map(([key]) => key));
}

function labelMapsOf(env: EnvResources): LabelMap[] {
  return env.resources.flatMap((resource) => labelMaps(resource.object));
}

/** Every label map of an object: `labels` and `matchLabels` at any depth, and a Service's `spec.selector`. */
function labelMaps(object: K8sObject): LabelMap[] {
  const maps: LabelMap[] = [];
  collect(object, maps);
  const spec = object.spec;
  if (object.kind === 'Service' && object.apiVersion === 'v1' && isPlainObject(spec) && isPlainObject(spec.selector)) {
    maps.push(spec.selector);
  }
  return maps;
}

function collect(node: unknown, maps: LabelMap[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, maps);
    return;
  }
  if (!isPlainObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'labels' || key === 'matchLabels') && isPlainObject(value)) maps.push(value);
    else collect(value, maps);
  }
}

function withoutLabels(env: EnvResources, keys: ReadonlySet<string>): EnvResources {
  const resources = env.resources.map((resource) => {
    const object = structuredClone(resource.object);
    for (const map of labelMaps(object)) for (const key of keys) delete map[key];
    return { ...resource, object };
  });
  return { ...env, resources };
}
