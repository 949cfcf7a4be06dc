/**
 * Environment tokens: an environment's name, its namespace and the usual aliases of the name.
 * A token found as a whole token inside a value (delimited by the start, the end or any
 * non-alphanumeric character) stands for "this environment" and is replaced by `{env}`, so
 * `db.staging.internal` and `db.production.internal` read the same. The top-level domain of a
 * DNS name is never a token: `api.example.dev` names no environment.
 */
import { isTopLevelLabel } from './dns-names.js';

export const ENV_PLACEHOLDER = '{env}';

/** Names that mean the same environment. `sandbox` is deliberately not an alias of anything. */
const ALIAS_GROUPS: readonly (readonly string[])[] = [
  ['production', 'prod', 'prd'],
  ['staging', 'stage', 'stg'],
  ['development', 'dev'],
  ['test', 'testing'],
];

/** Namespaces shared by unrelated workloads say nothing about the environment. */
const NEUTRAL_NAMESPACES = new Set(['default']);

/**
 * The environment's tokens, lower-case, longest first. A compound name such as `prod-us` or
 * `eu_staging` also stands for the known stage it is built on (`prod`, `production`, `prd`),
 * so `db.prod.internal` in `prod-us` reads like `db.staging.internal` in `staging`; its other
 * parts (`us`, `eu`: regions, tenants) are no tokens.
 */
export function envTokens(env: string, namespace?: string): string[] {
  const name = env.trim().toLowerCase();
  const tokens = new Set<string>([name, ...aliasesOf(name), ...stageTokensOf(name)]);
  const ns = namespace?.trim().toLowerCase();
  if (ns && !NEUTRAL_NAMESPACES.has(ns)) tokens.add(ns);
  tokens.delete('');
  return sortLongestFirst([...tokens]);
}

function aliasesOf(name: string): string[] {
  const group = ALIAS_GROUPS.find((names) => names.includes(name));
  return group ? group.filter((alias) => alias !== name) : [];
}

/** Parts that make a compound name the opposite of its stage: `pre-prod`, `non-prod` are no production. */
const QUALIFYING_PARTS = new Set(['pre', 'non', 'not', 'post']);

/**
 * The alias groups of the known stages a compound name is built on (`prod-us`, `eu-prod` →
 * production), unless a part qualifies the stage away (`pre-prod`).
 */
function stageTokensOf(name: string): string[] {
  const parts = name.split(/[^a-z0-9]+/).filter((part) => part !== '');
  if (parts.length < 2 || parts.some((part) => QUALIFYING_PARTS.has(part))) return [];
  return parts.flatMap((part) => ALIAS_GROUPS.find((names) => names.includes(part)) ?? []);
}

function sortLongestFirst(tokens: string[]): string[] {
  return tokens.sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/** The lower-case alphanumeric runs of a value: `db.Staging-2.internal` → `db`, `staging`, `2`, `internal`. */
export function tokenize(value: string): string[] {
  return value.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

const patterns = new Map<string, RegExp>();

function tokenPattern(tokens: readonly string[]): RegExp | null {
  const usable = sortLongestFirst(tokens.map((t) => t.toLowerCase()).filter((t) => t !== ''));
  if (usable.length === 0) return null;
  const cacheKey = usable.join('\n');
  let pattern = patterns.get(cacheKey);
  if (!pattern) {
    const alternatives = usable.map(escapeRegExp).join('|');
    pattern = new RegExp(`(?<![a-z0-9])(?:${alternatives})(?![a-z0-9])`, 'gi');
    patterns.set(cacheKey, pattern);
  }
  return pattern;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every whole-token occurrence of an environment token by `{env}`, longest tokens
 * first; a top-level domain is left as written.
 */
export function replaceEnvTokens(value: string, tokens: readonly string[]): string {
  const pattern = tokenPattern(tokens);
  if (!pattern) return value;
  return value.replace(pattern, (match: string, offset: number) =>
    isTopLevelLabel(value, offset, offset + match.length) ? match : ENV_PLACEHOLDER);
}

/** The environment tokens that occur as whole tokens in `value` (no top-level domain), lower-case, in order of appearance. */
export function findEnvTokens(value: string, tokens: readonly string[]): string[] {
  const pattern = tokenPattern(tokens);
  if (!pattern) return [];
  return [...value.matchAll(pattern)]
    .filter((match) => !isTopLevelLabel(value, match.index, match.index + match[0].length))
    .map((match) => match[0].toLowerCase());
}
