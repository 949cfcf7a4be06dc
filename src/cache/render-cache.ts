import { mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { K8sObject, KustomizationChain, Overlay, RenderedOverlay, Renderer } from '../types.js';
import { FileStates, type FileState } from './file-state.js';
import { sha256 } from './hash.js';
import { CACHE_FORMAT, renderKey, rendererIdentity, type RendererIdentity } from './render-key.js';

/** A file changed within this window of being hashed may change again unseen by its stat: never trusted. */
const RACY_MS = 2_000;

interface IndexRecord {
  key: string;
  states: FileState[];
}

interface StoredRender {
  chain: KustomizationChain;
  resources: K8sObject[];
  origins?: RenderedOverlay['origins'];
  originsUnavailable?: string;
}

/**
 * The render cache of one repository and renderer. Entries are content-addressed (see
 * renderKey); the index remembers, per overlay, the key and the stat of every input it was
 * computed from, so an unchanged overlay is found without reading its chain or its files.
 */
export class RenderCache {
  readonly files = new FileStates();
  private readonly index: Record<string, IndexRecord>;
  private readonly touched = new Map<string, IndexRecord | null>();
  /** The render key of every overlay served or stored in this run, by overlay directory. */
  readonly keys = new Map<string, string>();
  private readonly indexFile: string;
  private readonly identity: RendererIdentity;

  constructor(
    private readonly dir: string,
    private readonly repoDir: string,
    renderer: Renderer,
  ) {
    this.identity = rendererIdentity(renderer.info, statSync(renderer.info.path, { throwIfNoEntry: false })?.size ?? -1);
    const repo = realpathSync(repoDir);
    this.indexFile = join(dir, 'index', `${sha256(`${CACHE_FORMAT}\u0000${repo}\u0000${JSON.stringify(this.identity)}`)}.json`);
    this.index = readJson<Record<string, IndexRecord>>(this.indexFile) ?? {};
  }

  /** The cached render of an overlay whose inputs all still stat as recorded, or null. */
  lookup(overlay: Overlay): RenderedOverlay | null {
    const record = this.index[overlay.relDir];
    if (!record || !record.states.every((state) => this.files.unchanged(state))) return null;
    const hit = this.read(record.key, overlay);
    if (hit) this.keys.set(overlay.relDir, record.key);
    return hit;
  }

  /** The key of an overlay's render from the current content of its input paths. */
  keyOf(overlay: Overlay, paths: string[]): { key: string; states: FileState[] } {
    const states = paths.map((path) => this.files.state(path));
    return { key: renderKey(overlay.relDir, states, this.identity, this.repoDir), states };
  }

  read(key: string, overlay: Overlay): RenderedOverlay | null {
    const stored = readJson<StoredRender>(this.entryFile(key));
    if (!stored) return null;
    const { chain, resources, origins, originsUnavailable } = stored;
    return { overlay, chain, preRendered: false, resources, ...(origins ? { origins } : {}), ...(originsUnavailable ? { originsUnavailable } : {}) };
  }

  /** Stores a render. Renders holding a Secret are not written: secret values never go to disk. */
  write(key: string, rendered: RenderedOverlay): void {
    if (rendered.resources.some((resource) => resource.kind === 'Secret')) return;
    const { chain, resources, origins, originsUnavailable } = rendered;
    const stored: StoredRender = { chain, resources, ...(origins ? { origins } : {}), ...(originsUnavailable ? { originsUnavailable } : {}) };
    writeAtomic(this.entryFile(key), JSON.stringify(stored));
  }

  /** Remembers which key an overlay's inputs gave, unless one of them changed too recently to trust its stat. */
  remember(overlay: Overlay, key: string, states: FileState[]): void {
    this.keys.set(overlay.relDir, key);
    const settled = Date.now() - RACY_MS;
    const racy = states.some((state) => state.mtimeMs > settled || state.ctimeMs > settled);
    this.touched.set(overlay.relDir, racy ? null : { key, states });
  }

  /** Writes the index back, merged with what another run may have written meanwhile. */
  flush(): void {
    if (this.touched.size === 0) return;
    const latest = readJson<Record<string, IndexRecord>>(this.indexFile) ?? {};
    for (const [relDir, record] of this.touched) {
      if (record) latest[relDir] = record;
      else delete latest[relDir];
    }
    writeAtomic(this.indexFile, JSON.stringify(latest));
  }

  /** Candidates of one service, stored under a key derived from its render keys. */
  readCandidates<T>(key: string): T | null {
    return readJson<T>(join(this.dir, 'candidates', key.slice(0, 2), `${key}.json`));
  }

  writeCandidates(key: string, candidates: unknown): void {
    writeAtomic(join(this.dir, 'candidates', key.slice(0, 2), `${key}.json`), JSON.stringify(candidates));
  }

  private entryFile(key: string): string {
    return join(this.dir, 'renders', key.slice(0, 2), `${key}.json`);
  }
}

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Write to a private temp file, then rename: readers see the old file or the new one, never half of one. */
function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}
