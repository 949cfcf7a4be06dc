import { mkdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { prepareCacheDir } from '../util/cache-dir.js';
import { sha256 } from '../util/hash.js';
import type { RendererInfo } from '../types.js';
import { VERSION } from '../version.js';

/** Bumped whenever what a probe entry holds changes shape. */
const PROBE_FORMAT = 1;

/** A binary changed within this window of being probed may change again unseen by its stat: never remembered. */
const RACY_MS = 2_000;

export type ProbeKind = 'kustomize' | 'kubectl';
export type Probe = (path: string, env: NodeJS.ProcessEnv) => Promise<RendererInfo | null>;

/** The binary as the probe cache tells binaries apart: the path asked for, the file it resolves to, and that file's stat. */
interface BinaryState {
  path: string;
  real: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
}

interface ProbeEntry {
  binary: BinaryState;
  info: RendererInfo;
}

/**
 * `probe`, remembered in `cacheDir/probes/`: a binary whose real path, size, mtime, ctime and
 * inode are those of a remembered probe answers as it did then, without a process. Anything
 * else (no entry, an unreadable or malformed one, a binary changed since, a directory the render
 * cache would refuse) runs the probe again; a failed probe is never remembered, nor one of a
 * binary changed during or just before it. Entries are 0600 in 0700 directories.
 */
export function cachedProbe(kind: ProbeKind, probe: Probe, cacheDir: string | undefined): Probe {
  if (cacheDir === undefined) return probe;
  return async (path, env) => {
    const before = await binaryState(path);
    if (!before || prepareCacheDir(cacheDir) !== null) return probe(path, env);
    const file = entryFile(cacheDir, kind, before);
    const remembered = await readEntry(file, kind, before);
    if (remembered) return remembered;
    const info = await probe(path, env);
    if (info && settled(before) && sameBinary(before, await binaryState(path))) await writeEntry(file, { binary: before, info });
    return info;
  };
}

async function binaryState(path: string): Promise<BinaryState | null> {
  try {
    const real = await realpath(path);
    const { size, mtimeMs, ctimeMs, ino, dev } = await stat(real);
    return { path, real, size, mtimeMs, ctimeMs, ino, dev };
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException).code === 'string') return null;
    throw error;
  }
}

const STATE_FIELDS = ['path', 'real', 'size', 'mtimeMs', 'ctimeMs', 'ino', 'dev'] as const;

function sameBinary(a: BinaryState, b: BinaryState | null): boolean {
  return b !== null && STATE_FIELDS.every((field) => a[field] === b[field]);
}

function settled(binary: BinaryState): boolean {
  const limit = Date.now() - RACY_MS;
  return binary.mtimeMs <= limit && binary.ctimeMs <= limit;
}

function entryFile(cacheDir: string, kind: ProbeKind, binary: BinaryState): string {
  const key = sha256(JSON.stringify({ format: PROBE_FORMAT, parity: VERSION, kind, binary }));
  return join(cacheDir, 'probes', `${key}.json`);
}

/** The remembered answer for exactly this binary, or null (absent, unreadable, malformed, another binary's). */
async function readEntry(file: string, kind: ProbeKind, binary: BinaryState): Promise<RendererInfo | null> {
  let entry: unknown;
  try {
    entry = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if (error instanceof SyntaxError || typeof (error as NodeJS.ErrnoException).code === 'string') return null;
    throw error;
  }
  if (!isEntry(entry) || entry.info.name !== kind || entry.info.path !== binary.path) return null;
  return sameBinary(binary, entry.binary) ? { name: entry.info.name, path: entry.info.path, version: entry.info.version } : null;
}

function isEntry(value: unknown): value is ProbeEntry {
  const entry = value as Partial<ProbeEntry> | null;
  const info = entry?.info as Partial<RendererInfo> | undefined;
  return (
    typeof entry?.binary === 'object' &&
    entry.binary !== null &&
    typeof info?.path === 'string' &&
    typeof info.version === 'string' &&
    /^v?\d+\.\d+\.\d+[\w.+-]*$/.test(info.version)
  );
}

/** Written to a private temp file, then renamed; a cache that cannot be written is simply not used. */
async function writeEntry(file: string, entry: ProbeEntry): Promise<void> {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await mkdir(join(file, '..'), { recursive: true, mode: 0o700 });
    await writeFile(temp, JSON.stringify(entry), { mode: 0o600, flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    await rm(temp, { force: true });
  }
}
