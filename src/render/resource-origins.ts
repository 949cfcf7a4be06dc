import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { K8sObject, NameAffix, ResourceOrigin } from '../types.js';
import type { RawBuildMetadata, RawTransformation } from './build-metadata.js';
import { stripHashSuffix } from './generator-hash.js';
import { displayPath, type ChainWalk } from '../chain/walk-chain.js';

/** Kinds Kustomize's prefix and suffix transformers leave alone, though the annotation lists them. */
const KEEPS_NAME = new Set(['Namespace', 'CustomResourceDefinition', 'APIService']);

const AFFIX_KINDS = new Set(['PrefixTransformer', 'SuffixTransformer', 'PrefixSuffixTransformer']);

type Affix = Omit<NameAffix, 'file'>;

/** Where paths in the annotations start (the root kustomization's directory) and how parity shows them. */
export interface OriginPaths {
  rootDir: string;
  repoDir: string;
  walk: ChainWalk;
}

/**
 * Each object's name as written in its source, the affixes Kustomize applied to it and the
 * files that shaped it. The affix values are read from the kustomizations (or transformer
 * configs) the transformations annotation names; an affix the name does not carry was not
 * applied to it (a transformer's field specs can leave a kind out) and is skipped.
 */
export async function resolveOrigins(resources: K8sObject[], raw: RawBuildMetadata[], paths: OriginPaths): Promise<ResourceOrigin[]> {
  const affixes = createAffixReader(paths.walk);
  return Promise.all(resources.map((object, index) => resolveOne(object, raw[index]!, paths, affixes)));
}

async function resolveOne(object: K8sObject, raw: RawBuildMetadata, paths: OriginPaths, affixes: AffixReader): Promise<ResourceOrigin> {
  const show = (path: string): string => displayPath(resolve(paths.rootDir, path), paths.repoDir);
  const steps = raw.transformations.filter((step) => !isInside(resolve(paths.rootDir, step.configuredIn), paths.rootDir));
  const generated = raw.configuredBy !== undefined;
  const unhashed = generated ? stripHashSuffix(object.metadata.name) : object.metadata.name;
  const renaming = KEEPS_NAME.has(object.kind) ? [] : steps.filter((step) => AFFIX_KINDS.has(step.kind));
  const applied = await Promise.all(
    renaming.map(async (step) => ({ ...(await affixes(resolve(paths.rootDir, step.configuredIn), step)), file: show(step.configuredIn) })),
  );
  const lastFirst = [...steps].reverse();
  return {
    ...stripAffixes(unhashed, applied.reverse()),
    ...(raw.path !== undefined && raw.repo === undefined ? { file: show(raw.path) } : {}),
    ...(raw.configuredIn !== undefined && raw.configuredBy !== undefined ? { generator: { kind: raw.configuredBy, file: show(raw.configuredIn) } } : {}),
    ...(raw.repo !== undefined ? { remote: raw.repo } : {}),
    transformedIn: unique(lastFirst.map((step) => show(step.configuredIn))),
    patchedIn: unique(lastFirst.filter((step) => step.kind.startsWith('Patch')).map((step) => show(step.configuredIn))),
  };
}

/** Strips the affixes the outermost first; each is stripped only when the name carries it whole (empty ones are dropped). */
function stripAffixes(name: string, outermostFirst: NameAffix[]): Pick<ResourceOrigin, 'sourceName' | 'affixes'> {
  let sourceName = name;
  const stripped: NameAffix[] = [];
  for (const affix of outermostFirst) {
    const { prefix, suffix } = affix;
    const carries = sourceName.length > prefix.length + suffix.length && sourceName.startsWith(prefix) && sourceName.endsWith(suffix);
    if (!carries || prefix + suffix === '') continue;
    sourceName = sourceName.slice(prefix.length, sourceName.length - suffix.length);
    stripped.push(affix);
  }
  return { sourceName, affixes: stripped };
}

type AffixReader = (file: string, step: RawTransformation) => Promise<Affix>;

/** Affixes of a kustomization (`namePrefix`/`nameSuffix`) or of a transformer config (`prefix`/`suffix`), each file read once. */
function createAffixReader(walk: ChainWalk): AffixReader {
  const kustomizations = new Map(walk.nodes.map((node) => [node.kustomization.path, node.kustomization.data]));
  const configs = new Map<string, Promise<unknown[]>>();
  return async (file, step) => {
    const data = kustomizations.get(file);
    if (data) return fromKustomization(data, step.kind);
    if (!configs.has(file)) configs.set(file, readDocuments(file));
    const doc = (await configs.get(file)!).find((value) => isConfigOf(value, step));
    return { prefix: text(field(doc, 'prefix')), suffix: text(field(doc, 'suffix')) };
  };
}

function fromKustomization(data: Record<string, unknown>, kind: string): Affix {
  return {
    prefix: kind === 'SuffixTransformer' ? '' : text(data.namePrefix),
    suffix: kind === 'PrefixTransformer' ? '' : text(data.nameSuffix),
  };
}

/** A transformer config file Kustomize has just read; one it can no longer read yields no affix. */
async function readDocuments(file: string): Promise<unknown[]> {
  const source = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'EISDIR') return '';
    throw error;
  });
  return parseAllDocuments(source).map((doc) => (doc.errors.length === 0 ? (doc.toJS({ maxAliasCount: 100 }) as unknown) : null));
}

function isConfigOf(value: unknown, step: RawTransformation): boolean {
  return field(value, 'kind') === step.kind && (step.name === undefined || field(field(value, 'metadata'), 'name') === step.name);
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function isInside(path: string, dir: string): boolean {
  return path.startsWith(`${dir}/`);
}
