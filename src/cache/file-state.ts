import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../util/hash.js';

/** What a path looked like: its kind, content (or listing) hash, and the stat fields that change with it. */
export interface FileState {
  path: string;
  kind: 'file' | 'dir' | 'absent';
  /** sha256 of a file's bytes, of a directory's sorted entry names, or '' when absent. */
  hash: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/**
 * Reads paths once per run: every overlay of a service shares its base, every service may share
 * a component, so each path is stat'ed and hashed at most once.
 */
export class FileStates {
  private readonly states = new Map<string, FileState>();
  private readonly stats = new Map<string, Stats | null>();
  private readonly listings = new Map<string, string[]>();

  /** The regular files directly inside a directory, sorted; [] when it is missing. */
  filesIn(dir: string): string[] {
    let found = this.listings.get(dir);
    if (!found) {
      const entries = readdirSync(dir, { withFileTypes: true, encoding: 'utf8' }).filter((entry) => entry.isFile());
      found = entries.map((entry) => join(dir, entry.name)).sort();
      this.listings.set(dir, found);
    }
    return found;
  }

  stat(path: string): Stats | null {
    let found = this.stats.get(path);
    if (found === undefined) {
      found = statSync(path, { throwIfNoEntry: false }) ?? null;
      this.stats.set(path, found);
    }
    return found;
  }

  state(path: string): FileState {
    let found = this.states.get(path);
    if (!found) {
      found = readState(path, this.stat(path));
      this.states.set(path, found);
    }
    return found;
  }

  /** True when the stat fields recorded for a path still hold (the racy window is handled by the recorder). */
  unchanged(recorded: FileState): boolean {
    const now = this.stat(recorded.path);
    if (!now) return recorded.kind === 'absent';
    return (
      kindOf(now) === recorded.kind &&
      now.size === recorded.size &&
      now.mtimeMs === recorded.mtimeMs &&
      now.ctimeMs === recorded.ctimeMs &&
      now.ino === recorded.ino
    );
  }
}

function readState(path: string, stats: Stats | null): FileState {
  if (!stats) return { path, kind: 'absent', hash: '', size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0 };
  const kind = kindOf(stats);
  const hash = kind === 'dir' ? sha256(readdirSync(path).sort().join('\n')) : sha256(readFileSync(path));
  return { path, kind, hash, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}

function kindOf(stats: Stats): 'file' | 'dir' {
  return stats.isDirectory() ? 'dir' : 'file';
}
