import { relative, isAbsolute, sep } from 'node:path';
import type { RendererInfo } from '../types.js';
import { VERSION } from '../version.js';
import type { FileState } from './file-state.js';
import { sha256 } from '../util/hash.js';

/** Bumped whenever what a cache entry holds changes shape (3: candidates carry typed `args`). */
export const CACHE_FORMAT = 3;

/** The renderer as the cache tells renderers apart: which binary, which version, which build. */
export interface RendererIdentity {
  name: string;
  version: string;
  path: string;
  size: number;
}

/**
 * The content address of one overlay's render: parity's version, the renderer's identity, the
 * overlay's path, and every input path with its kind and content hash (repo-relative, so a
 * cache restored into another checkout still hits).
 */
export function renderKey(overlayRelDir: string, states: FileState[], renderer: RendererIdentity, repoDir: string): string {
  const inputs = states.map((state) => [displayOf(state.path, repoDir), state.kind, state.hash]);
  return sha256(JSON.stringify({ format: CACHE_FORMAT, parity: VERSION, renderer, overlay: overlayRelDir, inputs }));
}

export function rendererIdentity(info: RendererInfo, size: number): RendererIdentity {
  return { name: info.name, version: info.version, path: info.path, size };
}

function displayOf(path: string, repoDir: string): string {
  const rel = relative(repoDir, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/');
}
