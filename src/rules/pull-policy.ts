import { defaultPullPolicy } from '../normalize/defaults.js';
import type { Difference, NormalizedResource } from '../types.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { valueAt } from './tls/workloads.js';

/**
 * A container's `imagePullPolicy` defaults by its tag (`Always` for `latest` or no tag,
 * `IfNotPresent` otherwise), and normalization removes a policy equal to its own image's
 * default. Environments run different tags between promotions, so the same policy can be a
 * default on one side only (`IfNotPresent` written out on a `latest` image in staging, and on
 * a pinned tag in production): set on one side and absent on the other, it is no difference
 * when it is what the other side's image defaults to, the policy both run.
 */
export function isDefaultedPullPolicy(left: NormalizedResource, right: NormalizedResource, diff: Difference): boolean {
  if (diff.segments.at(-1) !== 'imagePullPolicy' || diff.change === 'changed') return false;
  const [absent, explicit] = diff.change === 'added' ? [left, diff.right] : [right, diff.left];
  const container = valueAt(absent.object, diff.segments.slice(0, -1));
  return isPlainObject(container) && typeof explicit === 'string' && defaultPullPolicy(container.image) === explicit;
}
