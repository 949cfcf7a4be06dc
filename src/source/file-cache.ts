import { readdirSync, readFileSync, statSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { parseKustomization, type Kustomization } from '../chain/kustomization-file.js';
import { ParityError } from '../errors.js';
import { lineIndex } from '../yaml/line-index.js';
import { parseYamlDocuments, type ParsedDocument } from '../yaml/parse-yaml.js';

/** Reads a file's text, or null when it cannot be read. Injected so tests can count reads. */
export type ReadText = (absolutePath: string) => string | null;

export interface YamlFile {
  documents: ParsedDocument[];
  /** 1-based line of a character offset in the file. */
  lineAt(offset: number): number;
}

/** Repo-relative files, read and parsed at most once each. */
export interface FileCache {
  text(file: string): string | null;
  yaml(file: string): YamlFile | null;
  /** A kustomization file as chain/ models it, parsed once; null when it cannot be read or parsed. */
  kustomization(file: string): Kustomization | null;
  isFile(file: string): boolean;
  /** The `.yaml`/`.yml` files directly inside a directory, repo-relative and sorted. */
  yamlFilesIn(dir: string): string[];
}

export const readTextFromDisk: ReadText = (absolutePath) => {
  try {
    return readFileSync(absolutePath, 'utf8');
  } catch {
    // Unreadable or absent (ENOENT, EACCES, EISDIR): no source to cite in it.
    return null;
  }
};

export function createFileCache(repoDir: string, readText: ReadText = readTextFromDisk, read?: ReadonlyMap<string, Kustomization>): FileCache {
  const texts = new Map<string, string | null>();
  const parsed = new Map<string, YamlFile | null>();
  const absolute = (file: string): string => posix.join(repoDir.replaceAll('\\', '/'), file);

  const text = (file: string): string | null => {
    if (!texts.has(file)) texts.set(file, readText(absolute(file)));
    return texts.get(file) ?? null;
  };
  const yaml = (file: string): YamlFile | null => {
    if (!parsed.has(file)) parsed.set(file, parseYamlFile(text(file), file));
    return parsed.get(file) ?? null;
  };
  const kustomizations = new Map<string, Kustomization | null>();
  /** The chain walks' model of the file, cited by the path asked for. */
  const readBefore = (file: string): Kustomization | null => {
    const known = read?.get(resolve(repoDir, file));
    return known ? { ...known, file } : null;
  };
  const kustomization = (file: string): Kustomization | null => {
    if (!kustomizations.has(file)) kustomizations.set(file, readBefore(file) ?? parseKustomizationFile(text(file), absolute(file), file));
    return kustomizations.get(file) ?? null;
  };
  const listings = new Map<string, string[]>();
  const yamlFilesIn = (dir: string): string[] => {
    if (!listings.has(dir)) listings.set(dir, listYamlFiles(absolute(dir)).map((name) => posix.join(dir, name)));
    return listings.get(dir)!;
  };
  const isFile = (file: string): boolean => {
    try {
      return statSync(absolute(file)).isFile();
    } catch {
      // Absent or unreadable: not a file the locator can cite.
      return false;
    }
  };
  return { text, yaml, kustomization, isFile, yamlFilesIn };
}

function listYamlFiles(absoluteDir: string): string[] {
  try {
    return readdirSync(absoluteDir)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort();
  } catch {
    // Absent or unreadable folder (ENOENT, ENOTDIR, EACCES): no YAML files in it.
    return [];
  }
}

/** A kustomization through chain/'s parser; an unusable one (syntax error, alias bomb, not a mapping) is null. */
function parseKustomizationFile(text: string | null, path: string, file: string): Kustomization | null {
  if (text === null) return null;
  try {
    return parseKustomization(text, path, file);
  } catch (error) {
    // A YAML syntax error, a parser limit or a non-mapping (ConfigError): its lines cannot be cited.
    if (error instanceof ParityError) return null;
    throw error;
  }
}

/** Parses with the shared guard (syntax errors, alias bombs); an unusable file is null. */
export function parseYamlFile(text: string | null, file: string): YamlFile | null {
  if (text === null) return null;
  try {
    return { documents: parseYamlDocuments(text, file), lineAt: lineIndex(text) };
  } catch (error) {
    // A YAML syntax error or a parser limit (ConfigError): the file's lines cannot be cited.
    if (error instanceof ParityError) return null;
    throw error;
  }
}
