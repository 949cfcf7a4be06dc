import { sha256 } from '../util/hash.js';
import { repoIdentity } from '../git/repo-identity.js';
import { selectChanged } from '../incremental/changed-since.js';
import type { AuditResult, ParityConfig, Policy, Renderer, ServiceSpec, ShardInfo } from '../types.js';
import { VERSION } from '../version.js';
import { parseShard, selectShard, type ShardSpec } from './select-shard.js';

interface SelectionPlan {
  config: ParityConfig;
  services: ServiceSpec[];
  policy: Policy;
  renderer: Renderer;
}

/**
 * The services an audit covers after `--shard` and `--changed-since`, and what the result says
 * about the others (`shard`, `skipped`). The shard is taken first so every CI job splits the same list.
 */
export async function selectServices(
  plan: SelectionPlan,
  options: { repoDir: string; shard?: string; changedSince?: string },
): Promise<{ services: ServiceSpec[]; extra: Pick<AuditResult, 'shard' | 'skipped'> }> {
  let services = plan.services;
  const extra: Pick<AuditResult, 'shard' | 'skipped'> = {};
  if (options.shard) {
    const shard = parseShard(options.shard);
    services = selectShard(services, shard);
    extra.shard = await shardInfo(plan, shard, services, options.repoDir);
  }
  if (options.changedSince) {
    const changed = await selectChanged(services, plan.config, options.repoDir, options.changedSince);
    services = changed.selected;
    extra.skipped = changed.skipped;
  }
  return { services, extra };
}

/** The shard and the identity of its run, so `parity merge` can refuse shards of different runs. */
async function shardInfo(plan: SelectionPlan, shard: ShardSpec, mine: ServiceSpec[], repoDir: string): Promise<ShardInfo> {
  const identity = await repoIdentity(repoDir);
  const { file: _file, ...config } = plan.config;
  return {
    ...shard,
    services: mine.map((s) => s.name),
    all: plan.services.map((s) => s.name),
    repo: identity.repo,
    commit: identity.commit,
    configDigest: sha256(JSON.stringify(config)),
    policyDigest: sha256(JSON.stringify(plan.policy)),
    renderer: `${plan.renderer.info.name} ${plan.renderer.info.version}`,
    toolVersion: VERSION,
  };
}
