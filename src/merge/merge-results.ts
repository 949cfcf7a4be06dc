import picomatch from 'picomatch';
import { buildResult, unionPairs } from '../pipeline/build-result.js';
import { compareFindings } from '../policy/classify.js';
import type { AuditResult, Finding, RunIdentity } from '../types.js';
import { checkShardSet } from './check-shards.js';

/**
 * One result from the results of `--shard k/n` runs, as the unsharded run gives it, once the
 * shards are known to be one complete run (see checkShardSet): services
 * in discovery order, findings and errors of every shard, policy-level findings judged over all
 * shards (an allow rule is stale only when every shard that audited its scope found it stale),
 * summary recomputed. Pure.
 */
export function mergeResults(results: AuditResult[], names: string[] = results.map((_, i) => `result ${i + 1}`)): AuditResult {
  checkShardSet(results.map((result, index) => ({ name: names[index] ?? `result ${index + 1}`, result })));
  const all = results[0]!.shard!.all;
  const services = results.flatMap((result) => result.services);
  const order = (name: string): number => all.indexOf(name);
  services.sort((a, b) => order(a.name) - order(b.name));
  const findings = mergeFindings(results).sort(compareFindings);
  const merged = buildResult({
    renderer: results.find((result) => result.renderer)?.renderer ?? null,
    services: services.map((service) => ({ name: service.name, envs: service.envs, overlays: {} })),
    pairs: unionPairs(results.map((result) => result.pairs)),
    findings,
    errors: results.flatMap((result) => result.errors),
    renders: results.reduce((sum, result) => sum + result.summary.renders, 0),
    renderers: mergedRenderers(results),
    withoutBuildMetadata: results.flatMap((result) => result.withoutBuildMetadata ?? []),
    // Shards audit disjoint services: each service's values view comes from the one shard that audited it.
    values: results.flatMap((result) => result.values ?? []).sort((a, b) => order(a.service) - order(b.service)),
  });
  const skipped = results.flatMap((result) => result.skipped ?? []);
  const run = mergedRun(results);
  return { ...merged, ...(run ? { run } : {}), ...(skipped.length ? { skipped } : {}) };
}

/** Every renderer any shard used, once each, in the order the shards name them (Kustomize first). */
function mergedRenderers(results: AuditResult[]): AuditResult['renderers'] {
  const seen = new Map<string, NonNullable<AuditResult['renderers']>[number]>();
  for (const renderer of results.flatMap((result) => result.renderers ?? [])) seen.set(`${renderer.name}\u0000${renderer.path}\u0000${renderer.version}`, renderer);
  return seen.size ? [...seen.values()] : undefined;
}

/** The shards' common run identity (checkShardSet made sure they are one run), at its earliest shard's time. */
function mergedRun(results: AuditResult[]): RunIdentity | undefined {
  const runs = results.flatMap((result) => (result.run ? [result.run] : []));
  if (runs.length === 0) return undefined;
  const time = runs.map((run) => run.time).sort()[0]!;
  return { ...runs[0]!, time };
}

function mergeFindings(results: AuditResult[]): Finding[] {
  const plain = results.flatMap((result) => result.findings.filter((finding) => !isPolicyLevel(finding)));
  return [...plain, ...staleRules(results), ...expiredWaivers(results)];
}

function isPolicyLevel(finding: Finding): boolean {
  return finding.code === 'ALLOW_STALE' || finding.code === 'WAIVER_EXPIRED';
}

/** Stale overall when stale in every shard whose services its scope covers. */
function staleRules(results: AuditResult[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const result of results) for (const finding of result.findings) if (finding.code === 'ALLOW_STALE') byId.set(finding.id, finding);
  return [...byId.values()].filter((finding) => {
    const covers = picomatch(finding.service === '*' ? '**' : finding.service);
    const auditing = results.filter((result) => result.services.some((service) => covers(service.name)));
    return auditing.every((result) => result.findings.some((other) => other.id === finding.id));
  });
}

/** One per waiver; the shard that matched the waived finding names its service, the others say `*`. */
function expiredWaivers(results: AuditResult[]): Finding[] {
  const byWaiver = new Map<string, Finding>();
  for (const result of results) {
    for (const finding of result.findings) {
      if (finding.code !== 'WAIVER_EXPIRED') continue;
      const key = `${finding.path ?? ''}\u0000${finding.message}`;
      const known = byWaiver.get(key);
      if (!known || (known.service === '*' && finding.service !== '*')) byWaiver.set(key, finding);
    }
  }
  return [...byWaiver.values()];
}
