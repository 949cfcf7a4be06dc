import { selectChanged } from '../incremental/changed-since.js';
import type { AuditResult, ParityConfig, ServiceSpec } from '../types.js';
import { parseShard, selectShard } from './select-shard.js';

/**
 * The services an audit covers after `--shard` and `--changed-since`, and what the result says
 * about the others (`shard`, `skipped`). The shard is taken first so every CI job splits the same list.
 */
export async function selectServices(
  plan: { config: ParityConfig; services: ServiceSpec[] },
  options: { repoDir: string; shard?: string; changedSince?: string },
): Promise<{ services: ServiceSpec[]; extra: Pick<AuditResult, 'shard' | 'skipped'> }> {
  let services = plan.services;
  const extra: Pick<AuditResult, 'shard' | 'skipped'> = {};
  if (options.shard) {
    const shard = parseShard(options.shard);
    services = selectShard(services, shard);
    extra.shard = { ...shard, services: services.map((s) => s.name), all: plan.services.map((s) => s.name) };
  }
  if (options.changedSince) {
    const changed = await selectChanged(services, plan.config, options.repoDir, options.changedSince);
    services = changed.selected;
    extra.skipped = changed.skipped;
  }
  return { services, extra };
}
