import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NAME_PATTERN } from './config-schema.js';
import { repoBounds, requireInside, type RepoBounds } from '../util/repo-bounds.js';

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
 * repo. Only environments in `environments` bind `{env}`; `options.fixed` pins placeholders (a listed
 * service without overlays binds `{service}` to its name). Hidden directories are skipped.
 * A symlink that the pattern matches is followed when it points at a directory inside the
 * repository (or an allowed root) and refused, naming the link and its target, when it leaves it.
 */
export async function expandLayout(
  repoDir: string,
  layout: string,
  environments: readonly string[],
  options: { fixed?: Bindings; bounds?: RepoBounds } = {},
): Promise<LayoutMatch[]> {
  const segments = layout.split('/').filter((segment) => segment !== '' && segment !== '.');
  const matches: LayoutMatch[] = [];
  const run = { repoDir, segments, environments, out: matches, bounds: options.bounds ?? (await repoBounds(repoDir)) };
  await walk(run, { parts: [], bindings: { ...options.fixed } });
  return matches;
}

interface Walk {
  repoDir: string;
  bounds: RepoBounds;
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
  for (const child of await childEntries(join(run.repoDir, ...state.parts))) {
    const bindings = bindSegment(segment, child.name, state.bindings, run.environments);
    const parts = [...state.parts, child.name];
    if (bindings && (!child.link || (await followLink(run, parts)))) await walk(run, { parts, bindings });
  }
}

/** A matched symlink: true when it points at a directory inside the bounds; outside is a ConfigError. */
async function followLink(run: Walk, parts: string[]): Promise<boolean> {
  const path = join(run.repoDir, ...parts);
  if (!(await stat(path).catch(() => null))?.isDirectory()) return false;
  await requireInside(run.bounds, path, `symlink '${parts.join('/')}' (matched by the layout)`);
  return true;
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

/** Directories and symlinks (followed only when the layout matches them), hidden ones skipped, by name. */
async function childEntries(dir: string): Promise<Array<{ name: string; link: boolean }>> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw error;
  });
  return entries
    .filter((entry) => !entry.name.startsWith('.') && (entry.isDirectory() || entry.isSymbolicLink()))
    .map((entry) => ({ name: entry.name, link: entry.isSymbolicLink() }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
