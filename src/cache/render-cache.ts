import { mkdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { K8sObject, KustomizationChain, Overlay, RenderedOverlay, Renderer } from '../types.js';
import { codeOf, prepareCacheDir } from '../util/cache-dir.js';
import { holdsNoCredential } from './cacheable.js';
import { FileStates, type FileState } from './file-state.js';
import { sha256 } from '../util/hash.js';
import { CACHE_FORMAT, renderKey, rendererIdentity, type RendererIdentity } from './render-key.js';

/** A file changed within this window of being hashed may change again unseen by its stat: never trusted. */
const RACY_MS = 2_000;

interface IndexRecord {
  key: string;
  states: FileState[];
}

/** Per repository and renderer: each overlay's last key and input stats, and the digest of every entry written. */
interface IndexFile {
  overlays: Record<string, IndexRecord>;
  /** `renders/<key>` or `candidates/<key>` → sha256 of the entry's bytes as written. */
  digests: Record<string, string>;
}

interface StoredRender {
  chain: KustomizationChain;
  resources: K8sObject[];
  origins?: RenderedOverlay['origins'];
  originsUnavailable?: string;
}

/** What a cached render run uses of the cache (see cached-render.ts): the cache itself, or its view for a copy (`forCopy`). */
export type RenderStore = Pick<RenderCache, 'files' | 'lookup' | 'keyOf' | 'read' | 'write' | 'remember' | 'forget' | 'flush' | 'served'>;

/**
 * How this run's keys name an overlay: its directory, or for a Helm environment (every
 * environment of a chart shares its directory) the directory with the service and environment.
 */
export function runNameOf(overlay: Overlay): string {
  return overlay.helm ? `${overlay.relDir}#${overlay.service}/${overlay.env}` : overlay.relDir;
}

/** Reports a one-line warning (the cache goes on without the part that failed). */
export type CacheWarn = (message: string) => void;

/**
 * The render cache for a run, or null with a warning when the directory cannot be used (a
 * file, not writable, read-only, another user's, under /proc): the run then renders everything.
 */
export function openRenderCache(dir: string, repoDir: string, renderer: Renderer, warn: CacheWarn): RenderCache | null {
  const problem = prepareCacheDir(dir);
  if (problem === null) return new RenderCache(dir, repoDir, renderer, warn);
  warn(`cache directory ${dir} ${problem}; running without the cache`);
  return null;
}

/**
 * The render cache of one repository and renderer. Entries are content-addressed (see
 * renderKey) and verified against the digest the index recorded when they were written: an
 * entry that does not match is discarded and rendered again. The index remembers, per overlay,
 * the key and the stat of every input it was computed from, so an unchanged overlay is found
 * without reading its chain or its files. Files are 0600 in 0700 directories.
 */
export class RenderCache {
  readonly files = new FileStates();
  private readonly index: IndexFile;
  private readonly touched = new Map<string, IndexRecord | null>();
  private readonly digests = new Map<string, string | null>();
  /** The render key of every overlay served or stored in this run, by overlay directory. */
  readonly keys = new Map<string, string>();
  /** Entries served in this run (for `--verbose`). */
  readonly hits = { renders: 0, candidates: 0 };
  private readonly indexFile: string;
  private readonly identity: RendererIdentity;
  private writable = true;

  constructor(
    private readonly dir: string,
    private readonly repoDir: string,
    renderer: Renderer,
    private readonly warn: CacheWarn = () => {},
  ) {
    this.identity = rendererIdentity(renderer.info, statSync(renderer.info.path, { throwIfNoEntry: false })?.size ?? -1);
    const repo = realpathSync(repoDir);
    this.indexFile = join(dir, 'index', `${sha256(`${CACHE_FORMAT}\u0000${repo}\u0000${JSON.stringify(this.identity)}`)}.json`);
    this.index = readIndex(this.indexFile);
  }

  /** The cached render of an overlay whose inputs all still stat as recorded, or null. */
  lookup(overlay: Overlay): RenderedOverlay | null {
    const record = this.index.overlays[overlay.relDir];
    if (!record || !readable(() => record.states.every((state) => this.files.unchanged(state)))) return null;
    const hit = this.read(record.key, overlay);
    if (hit) this.keys.set(overlay.relDir, record.key);
    return hit;
  }

  /** The key of an overlay's render from the current content of its input paths (named relative to `root`). */
  keyOf(overlay: Overlay, paths: string[], root = this.repoDir): { key: string; states: FileState[] } {
    const states = paths.map((path) => this.files.state(path));
    return { key: renderKey(overlay.relDir, states, this.identity, root), states };
  }

  /**
   * The cache as the renders of a private copy of the repository at `root` use it (a render
   * after an edit: the gate's post-bump target): served and stored by content key alone, the
   * key naming the copy's files relative to `root`, so the same edit of the same files hits
   * and any other content misses. The index's stat records belong to the repository's own
   * overlays at the same paths: they are neither read nor changed, so the copy is never served
   * the unedited render, nor the repository's overlay the edited one.
   */
  forCopy(root: string): RenderStore {
    return {
      files: this.files,
      lookup: () => null,
      keyOf: (overlay, paths) => this.keyOf(overlay, paths, root),
      read: (key, overlay) => this.read(key, overlay),
      write: (key, rendered) => this.write(key, rendered),
      remember: () => {},
      forget: () => {},
      served: () => {},
      flush: () => this.flush(),
    };
  }

  read(key: string, overlay: Overlay): RenderedOverlay | null {
    const stored = this.readEntry<StoredRender>(`renders/${key}`);
    if (!stored) return null;
    this.hits.renders += 1;
    const { chain, resources, origins, originsUnavailable } = stored;
    return { overlay, chain, preRendered: false, resources, ...(origins ? { origins } : {}), ...(originsUnavailable ? { originsUnavailable } : {}) };
  }

  /**
   * Stores a render and says whether it did. A render holding any credential-shaped value
   * (see cacheable.ts) is never written: secret values never go to disk.
   */
  write(key: string, rendered: RenderedOverlay): boolean {
    if (!holdsNoCredential(rendered.resources)) return false;
    const { chain, resources, origins, originsUnavailable } = rendered;
    const stored: StoredRender = { chain, resources, ...(origins ? { origins } : {}), ...(originsUnavailable ? { originsUnavailable } : {}) };
    return this.writeEntry(`renders/${key}`, JSON.stringify(stored));
  }

  /** Remembers which key an overlay's inputs gave, unless one of them changed too recently to trust its stat. */
  remember(overlay: Overlay, key: string, states: FileState[]): void {
    this.keys.set(overlay.relDir, key);
    const settled = Date.now() - RACY_MS;
    const racy = states.some((state) => state.mtimeMs > settled || state.ctimeMs > settled);
    this.touched.set(overlay.relDir, racy ? null : { key, states });
  }

  /**
   * Records that `overlay` was served or stored in this run as `entry` (a Helm environment is
   * filed under a digest of its inputs): its service's candidates find its key by `runNameOf`.
   */
  served(overlay: Overlay, entry: Overlay): void {
    const key = this.keys.get(entry.relDir);
    if (key) this.keys.set(runNameOf(overlay), key);
  }

  /** Drops what the index remembers of an overlay (its render is not cached). */
  forget(overlay: Overlay): void {
    if (this.index.overlays[overlay.relDir]) this.touched.set(overlay.relDir, null);
  }

  /** Writes the index back, merged with what another run may have written meanwhile. */
  flush(): void {
    if (this.touched.size === 0 && this.digests.size === 0) return;
    const latest = readIndex(this.indexFile);
    for (const [relDir, record] of this.touched) {
      if (record) latest.overlays[relDir] = record;
      else delete latest.overlays[relDir];
    }
    for (const [name, digest] of this.digests) {
      if (digest) latest.digests[name] = digest;
      else delete latest.digests[name];
    }
    this.writeFile(this.indexFile, JSON.stringify(latest));
    Object.assign(this.index, latest);
    this.touched.clear();
    this.digests.clear();
  }

  /** Candidates of one service, stored under a key derived from its render keys. */
  readCandidates<T>(key: string): T | null {
    const stored = this.readEntry<T>(`candidates/${key}`);
    if (stored !== null) this.hits.candidates += 1;
    return stored;
  }

  writeCandidates(key: string, candidates: unknown): boolean {
    return this.writeEntry(`candidates/${key}`, JSON.stringify(candidates));
  }

  /** An entry whose bytes match the digest recorded for it; anything else is discarded. */
  private readEntry<T>(name: string): T | null {
    const expected = this.digests.has(name) ? this.digests.get(name) : this.index.digests[name];
    const path = this.entryFile(name);
    const bytes = expected ? readBytes(path) : null;
    if (!bytes) return null;
    if (sha256(bytes) === expected) return JSON.parse(bytes.toString('utf8')) as T;
    discard(path);
    this.digests.set(name, null);
    return null;
  }

  private writeEntry(name: string, text: string): boolean {
    if (!this.writeFile(this.entryFile(name), text)) return false;
    this.digests.set(name, sha256(text));
    return true;
  }

  /** Writes atomically; the first failure (disk full, directory removed) stops all writes with one warning. */
  private writeFile(path: string, text: string): boolean {
    if (!this.writable) return false;
    try {
      writeAtomic(path, text);
      return true;
    } catch (error) {
      this.writable = false;
      this.warn(`cache directory ${this.dir} cannot be written (${codeOf(error)}); running on without storing renders`);
      return false;
    }
  }

  private entryFile(name: string): string {
    const [kind, key] = name.split('/') as [string, string];
    return join(this.dir, kind, key.slice(0, 2), `${key}.json`);
  }
}

function readIndex(path: string): IndexFile {
  const bytes = readBytes(path);
  const parsed = bytes ? parseJson(bytes.toString('utf8')) : null;
  if (!isIndexFile(parsed)) return { overlays: {}, digests: {} };
  return parsed;
}

function isIndexFile(value: unknown): value is IndexFile {
  const index = value as Partial<IndexFile> | null;
  return typeof index?.overlays === 'object' && index.overlays !== null && typeof index.digests === 'object' && index.digests !== null;
}

/** A file's bytes, or null when it cannot be read (absent, a directory, no permission). */
function readBytes(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== undefined) return null;
    throw error;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

function discard(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
  }
}

/** Write to a private temp file, then rename: readers see the old file or the new one, never half of one. */
function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temp, text, { mode: 0o600 });
    renameSync(temp, path);
  } catch (error) {
    discard(temp);
    throw error;
  }
}

/**
 * Runs a file-system read of the cache's own bookkeeping; an input parity cannot stat or read
 * (EACCES, ELOOP, ENOTDIR…) makes the answer "not cached", and Kustomize then reports the file.
 */
export function readable<T>(read: () => T): T | false {
  try {
    return read();
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException).code === 'string') return false;
    throw error;
  }
}
