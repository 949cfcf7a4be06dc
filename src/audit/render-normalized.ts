import { ConfigError } from '../errors.js';
import { envTokens } from '../normalize/env-tokens.js';
import { normalizeOverlay } from '../normalize/normalize-overlay.js';
import { redactObject } from '../rules/index.js';
import type { NormalizedResource } from '../types.js';
import { planAudit, type AuditOptions } from '../pipeline/plan.js';
import { renderThroughCache } from '../pipeline/render-through-cache.js';

/**
 * `parity render`: one overlay, rendered through the audit's render path (batched, cached) and
 * normalized as the audit sees it, secrets redacted.
 */
export async function renderNormalized(
  options: Pick<AuditOptions, 'repoDir' | 'configFile' | 'kustomize' | 'helm' | 'allowRemote' | 'renderer' | 'timeoutMs' | 'allowRoots' | 'noCache' | 'cacheDir' | 'onWarning' | 'argocd' | 'clusters'> & {
    service: string;
    env: string;
  },
): Promise<NormalizedResource[]> {
  const plan = await planAudit({ ...options, services: [options.service], envs: [options.env] });
  const overlay = plan.services[0]?.overlays[options.env];
  if (!overlay) throw new ConfigError(`service '${options.service}' has no ${options.env} overlay`);
  const [rendered] = (await renderThroughCache([overlay], plan.renderer, options)).results;
  if (rendered instanceof Error) throw rendered;
  if (!rendered) throw new Error(`the render path returned no result for ${overlay.relDir}`);
  const env = normalizeOverlay(rendered, { tokens: envTokens(options.env, rendered.chain.namespace) });
  return env.resources.map((resource) => ({ ...resource, object: redactObject(resource.object) }));
}
