import { isAbsolute, relative, resolve, sep } from 'node:path';
import { stat } from 'node:fs/promises';
import { findKustomizationFile, isDirectory, lineAt, loadKustomization, type Kustomization, type KustomizationsRead } from './kustomization-file.js';
import { listKustomizationRefs, type KustomizationRef } from './kustomization-refs.js';
import { listFilesDeep } from './list-files.js';
import { isRemoteRef } from './remote-ref.js';
import { requireInside, type RepoBounds } from '../util/repo-bounds.js';

/** How a kustomization entered the chain: the overlay itself, a resource/base, a component, or a generator/transformer config. */
type NodeRole = 'overlay' | 'resource' | 'component' | 'config';

export interface ChainNode {
  dir: string;
  /** Display path of the kustomization file (repo-relative, or absolute outside the repo). */
  file: string;
  role: NodeRole;
  kustomization: Kustomization;
  children: ChainNode[];
}

interface RemoteRef {
  url: string;
  /** Display path of the kustomization that names it. */
  file: string;
  line: number;
}

export interface ChainWalk {
  root: ChainNode | null;
  /** Every kustomization, the overlay's first, then depth-first. */
  nodes: ChainNode[];
  inputs: string[];
  remotes: RemoteRef[];
  /** Absolute paths of the manifest files (resources, patches, configs) Kustomize parses as YAML. */
  manifests: string[];
}

/** Fields whose files Kustomize parses as Kubernetes YAML (generator data and chart templates are not). */
const MANIFEST_FIELDS = new Set([
  'resources', 'bases', 'components', 'crds', 'configurations', 'patches', 'patchesJson6902',
  'patchesStrategicMerge', 'replacements', 'generators', 'transformers', 'validators',
]);

interface WalkContext {
  repoDir: string;
  /** Where the chain may read; absent: anywhere (callers that only summarize). */
  bounds: RepoBounds | undefined;
  visited: Set<string>;
  nodes: ChainNode[];
  inputs: Set<string>;
  remotes: RemoteRef[];
  manifests: Set<string>;
  /** Kustomizations read earlier in the run (absent: each walk reads its own). */
  read: KustomizationsRead | undefined;
}

/**
 * Reads the overlay's kustomization and, recursively, every kustomization and file it pulls in.
 * With `bounds`, every referenced path is resolved to its real path (symlinks followed, as
 * Kustomize does) and one that leaves the repository is a ConfigError naming the kustomization
 * and line that references it, before anything outside is read.
 */
export async function walkChain(overlayDir: string, repoDir: string, bounds?: RepoBounds, read?: KustomizationsRead): Promise<ChainWalk> {
  const ctx: WalkContext = { repoDir, bounds, visited: new Set(), nodes: [], inputs: new Set(), remotes: [], manifests: new Set(), read };
  const root = await walkDir(resolve(overlayDir), 'overlay', ctx);
  return { root, nodes: ctx.nodes, inputs: [...ctx.inputs], remotes: ctx.remotes, manifests: [...ctx.manifests] };
}

/** A path as parity shows it: repo-relative with `/`, or absolute when outside the repo. */
export function displayPath(path: string, repoDir: string): string {
  const rel = relative(resolve(repoDir), path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return path;
  return rel.split(sep).join('/');
}

async function walkDir(dir: string, role: NodeRole, ctx: WalkContext): Promise<ChainNode | null> {
  const path = await findKustomizationFile(dir);
  if (!path) {
    await addFiles(dir, ctx);
    return null;
  }
  if (ctx.visited.has(dir)) return null;
  ctx.visited.add(dir);
  const file = displayPath(path, ctx.repoDir);
  const node: ChainNode = { dir, file, role, kustomization: await readKustomization(path, file, ctx.read), children: [] };
  ctx.nodes.push(node);
  ctx.inputs.add(file);
  for (const ref of listKustomizationRefs(node.kustomization.data)) await visitRef(node, ref, ctx);
  return node;
}

/** A kustomization read once per run when the walk shares `read`. */
async function readKustomization(path: string, file: string, read: KustomizationsRead | undefined): Promise<Kustomization> {
  const known = read?.get(path);
  if (known) return known;
  const kustomization = await loadKustomization(path, file);
  read?.set(path, kustomization);
  return kustomization;
}

async function visitRef(node: ChainNode, ref: KustomizationRef, ctx: WalkContext): Promise<void> {
  const lexical = resolve(node.dir, ref.path);
  if (ref.role !== 'file' && isRemoteRef(ref.path) && !(await exists(lexical))) {
    ctx.remotes.push({ url: ref.path, file: node.file, line: lineOf(node.kustomization.text, ref.path) });
    return;
  }
  const target = ctx.bounds ? await requireInside(ctx.bounds, lexical, `${ref.field} entry '${ref.path}'`, refLocation(node, ref)) : lexical;
  if (ref.role === 'file' || !(await isDirectory(target))) {
    if (MANIFEST_FIELDS.has(ref.field) && !(await isDirectory(target))) ctx.manifests.add(target);
    await addFiles(target, ctx);
    return;
  }
  const child = await walkDir(target, ref.role, ctx);
  if (child) node.children.push(child);
}

/** A file, or every file of a directory; a missing path is recorded too (its appearance changes the render). */
async function addFiles(path: string, ctx: WalkContext): Promise<void> {
  if (!(await isDirectory(path))) {
    ctx.inputs.add(displayPath(path, ctx.repoDir));
    return;
  }
  for (const file of await listFilesDeep(path)) ctx.inputs.add(displayPath(file, ctx.repoDir));
}

function refLocation(node: ChainNode, ref: KustomizationRef): { file: string; line: number } {
  return { file: node.file, line: lineOf(node.kustomization.text, ref.path) };
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

function lineOf(text: string, needle: string): number {
  const offset = text.indexOf(needle);
  return offset < 0 ? 1 : lineAt(text, offset);
}
