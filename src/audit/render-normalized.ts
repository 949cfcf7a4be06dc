import { envTokens } from '../normalize/env-tokens.js';
import { normalizeOverlay } from '../normalize/normalize-overlay.js';
import { renderOverlays } from '../render/render-overlays.js';
import { redactObject } from '../rules/index.js';
import type { NormalizedResource } from '../types.js';
import { planAudit, type AuditOptions } from './audit.js';

/** `parity render`: one overlay, rendered and normalized as the audit sees it, secrets redacted. */
export async function renderNormalized(
  options: Pick<AuditOptions, 'repoDir' | 'configFile' | 'kustomize' | 'renderer' | 'timeoutMs' | 'allowRoots'> & {
    service: string;
    env: string;
  },
): Promise<NormalizedResource[]> {
  const plan = await planAudit({ ...options, services: [options.service], envs: [options.env] });
  const overlay = plan.services[0]!.overlays[options.env]!;
  const [rendered] = await renderOverlays([overlay], plan.renderer, {
    repoDir: options.repoDir,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.allowRoots?.length ? { allowRoots: options.allowRoots } : {}),
  });
  if (rendered instanceof Error) throw rendered;
  const env = normalizeOverlay(rendered!, { tokens: envTokens(options.env, rendered!.chain.namespace) });
  return env.resources.map((resource) => ({ ...resource, object: redactObject(resource.object) }));
}
