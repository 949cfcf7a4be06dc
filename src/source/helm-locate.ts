import { isItemSegment } from '../diff/path.js';
import type { HelmSource, ResourceOrigin } from '../types.js';
import type { FileCache } from './file-cache.js';
import { differingKeys, scalarText, type ValuesLeaf, type ValuesLeaves } from './helm-values.js';
import type { LocatedSource } from './locate-source.js';

/** Where a value of a Helm environment comes from: its own source, the other side's, and the value. */
export interface HelmSourceQuery {
  /** This environment's chart and values. */
  source: HelmSource;
  /** The environments it is compared with (their values tell which keys differ). */
  others: HelmSource[];
  resource: { kind: string; name: string } | null;
  segments: string[];
  /** The rendered value in this environment, when it has one. */
  value?: unknown;
  /** The object's origin in this environment: the template that printed it. */
  origin?: ResourceOrigin;
}

/**
 * The line that causes a difference in a Helm environment. A value is traced to the values
 * leaf that feeds it: a key whose merged value differs between the environments and equals the
 * rendered value (a file of the environment is `complete`; the chart's shared values.yaml only
 * `matched`, so the environment whose own file sets it wins). Anything else — a whole resource,
 * a value no leaf equals (built by the template from several) — is cited at the template that
 * printed the object: the line that writes the path's last key, else its `kind:` line.
 */
export function locateHelm(cache: FileCache, query: HelmSourceQuery, leavesOf: (source: HelmSource) => ValuesLeaves): LocatedSource {
  const traced = query.segments.length > 0 && query.value !== undefined ? traceValue(query, leavesOf) : null;
  return traced ?? templateLocation(cache, query);
}

function traceValue(query: HelmSourceQuery, leavesOf: (source: HelmSource) => ValuesLeaves): LocatedSource | null {
  if (!isScalarValue(query.value)) return null;
  const own = leavesOf(query.source);
  const keys = new Set(query.others.flatMap((other) => differingKeys(own, leavesOf(other))));
  const rendered = scalarText(query.value);
  const leaves = [...keys].flatMap((key) => {
    const leaf = own.get(key);
    return leaf && isScalarValue(leaf.value) ? [{ key, leaf }] : [];
  });
  const equal = leaves.filter(({ leaf }) => scalarText(leaf.value) === rendered);
  // A value the template builds around one differing leaf (`registry/name:{{ tag }}`) is traced to it when only one fits.
  const inside = leaves.filter(({ leaf }) => scalarText(leaf.value).length >= MIN_EMBEDDED && rendered.includes(scalarText(leaf.value)));
  const leaf = pick(equal, query) ?? pick(inside, query);
  if (!leaf) return null;
  return { file: leaf.at.file, ...(leaf.at.line ? { line: leaf.at.line } : {}), matched: true, complete: !leaf.chartDefault };
}

/** Shorter leaves (`1`, `on`) are found inside too many values to say they feed one. */
const MIN_EMBEDDED = 3;

/**
 * The one leaf that feeds the value: among those that fit, the key that names the resource
 * (`services.payments-service.replicas` for Deployment payments-service) and ends like the
 * path (`replicas`) ranks first. Two that rank alike are a guess, and parity does not guess:
 * the template is cited instead.
 */
function pick(fits: ReadonlyArray<{ key: string; leaf: ValuesLeaf }>, query: HelmSourceQuery): ValuesLeaf | undefined {
  if (fits.length <= 1) return fits[0]?.leaf;
  const scored = fits.map((fit) => ({ ...fit, score: relevance(fit.key, query) }));
  const best = Math.max(...scored.map((fit) => fit.score));
  const top = scored.filter((fit) => fit.score === best);
  return top.length === 1 ? top[0]!.leaf : undefined;
}

function relevance(key: string, query: HelmSourceQuery): number {
  const parts = key.split(/[.[\]]+/).filter((part) => part !== '');
  const last = [...query.segments].reverse().find((segment) => !isItemSegment(segment));
  const names = query.resource ? [query.resource.name] : [];
  const items = query.segments.filter(isItemSegment).map((segment) => segment.replace(/^\[(?:name=)?|\]$/g, ''));
  return (parts.some((part) => names.includes(part)) ? 2 : 0) + (parts.some((part) => items.includes(part)) ? 2 : 0) + (last !== undefined && parts.at(-1) === last ? 1 : 0);
}

function isScalarValue(value: unknown): boolean {
  return value !== null && value !== undefined && typeof value !== 'object';
}

function templateLocation(cache: FileCache, query: HelmSourceQuery): LocatedSource {
  const template = query.origin?.file;
  if (!template) return { file: `${query.source.chartRelDir}/Chart.yaml`, line: 1, matched: false, complete: false };
  const lines = (cache.text(template) ?? '').split('\n');
  const key = [...query.segments].reverse().find((segment) => !isItemSegment(segment));
  const keyLine = key ? findLine(lines, new RegExp(`^\\s*(?:-\\s+)?["']?${escape(key)}["']?\\s*:`)) : 0;
  const kindLine = query.resource ? findLine(lines, new RegExp(`^kind:\\s*["']?${escape(query.resource.kind)}["']?\\s*$`)) : 0;
  const line = keyLine || kindLine || 1;
  return { file: template, line, matched: true, complete: false };
}

function findLine(lines: readonly string[], pattern: RegExp): number {
  const index = lines.findIndex((line) => pattern.test(line));
  return index + 1;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
