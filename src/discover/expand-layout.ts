import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { NAME_PATTERN } from './config-schema.js';

/** One directory the layout pattern matched. */
export interface LayoutMatch {
  service: string;
  env: string;
  /** Repo-relative, forward slashes. */
  relDir: string;
}

interface Bindings {
  service?: string;
  env?: string;
}

/**
 * Expands a layout such as `apps/{service}/overlays/{env}` over the real directories of the
 * repo. Only environments in `environments` bind `{env}`; `fixed` pins placeholders (a listed
 * service without overlays binds `{service}` to its name). Hidden directories are skipped.
 */
export async function expandLayout(
  repoDir: string,
  layout: string,
  environments: readonly string[],
  fixed: Bindings = {},
): Promise<LayoutMatch[]> {
  const segments = layout.split('/').filter((segment) => segment !== '' && segment !== '.');
  const matches: LayoutMatch[] = [];
  await walk({ repoDir, segments, environments, out: matches }, { parts: [], bindings: { ...fixed } });
  return matches;
}

interface Walk {
  repoDir: string;
  segments: string[];
  environments: readonly string[];
  out: LayoutMatch[];
}

interface WalkState {
  parts: string[];
  bindings: Bindings;
}

async function walk(run: Walk, state: WalkState): Promise<void> {
  if (state.parts.length === run.segments.length) {
    const { service, env } = state.bindings;
    if (service !== undefined && env !== undefined) run.out.push({ service, env, relDir: state.parts.join('/') });
    return;
  }
  const segment = run.segments[state.parts.length]!;
  for (const name of await childDirectories(join(run.repoDir, ...state.parts))) {
    const bindings = bindSegment(segment, name, state.bindings, run.environments);
    if (bindings) await walk(run, { parts: [...state.parts, name], bindings });
  }
}

/** Matches a directory name against one layout segment; returns the extended bindings or null. */
function bindSegment(segment: string, name: string, bindings: Bindings, environments: readonly string[]): Bindings | null {
  if (!segment.includes('{')) return segment === name ? bindings : null;
  const match = segmentRegex(segment, bindings, environments).exec(name);
  if (!match?.groups) return null;
  const next: Bindings = { ...bindings };
  const { service, env } = match.groups;
  if (service !== undefined) {
    if (!NAME_PATTERN.test(service) || (next.service !== undefined && next.service !== service)) return null;
    next.service = service;
  }
  if (env !== undefined) {
    if (next.env !== undefined && next.env !== env) return null;
    next.env = env;
  }
  return next;
}

function segmentRegex(segment: string, bindings: Bindings, environments: readonly string[]): RegExp {
  const used = new Set<string>();
  const source = segment
    .split(/(\{service\}|\{env\})/)
    .map((part) => {
      if (part !== '{service}' && part !== '{env}') return escapeRegex(part);
      const name = part.slice(1, -1) as keyof Bindings;
      const choices = bindings[name] !== undefined ? [bindings[name]!] : name === 'env' ? environments : null;
      const body = choices ? choices.map(escapeRegex).join('|') : '[^/]+?';
      if (used.has(name)) return `(?:${body})`;
      used.add(name);
      return `(?<${name}>${body})`;
    })
    .join('');
  return new RegExp(`^${source}$`);
}

async function childDirectories(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => !entry.name.startsWith('.') && entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
