/**
 * Reads Argo CD Application manifests (and ApplicationSets whose generators parity can expand)
 * from a directory tree, with the file and line each field is declared on.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Document } from 'yaml';
import { formatKeyPath, keyLineAt, lineAt } from '../discover/locate-issue.js';
import { ConfigError } from '../errors.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { rememberObjectSecrets } from '../secrets/remember.js';
import type { K8sObject } from '../types.js';
import { parseYamlDocuments } from '../yaml/parse-yaml.js';
import { AUDITED_PATHS, type Application, type ApplicationSource, type SourceEntry } from './application.js';
import { generatorParams, overrideTemplate } from './applicationset.js';
import type { Cluster } from './clusters.js';
import { renderTemplate } from './template.js';

/**
 * Every Application under `dir` (recursively, `*.yaml`/`*.yml`), sorted by file then document
 * order. `clusters` are what a `clusters` generator sees (none given: such a set fails closed).
 */
export async function readApplications(dir: string, repoDir: string, clusters?: readonly Cluster[]): Promise<Application[]> {
  const files = (await listYamlFiles(dir)).sort();
  const out: Application[] = [];
  for (const file of files) out.push(...(await readFileApplications(file, repoDir, clusters)));
  return out;
}

async function listYamlFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new ConfigError(`cannot read Argo CD directory: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: dir });
  }
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? listYamlFiles(join(dir, e.name)) : Promise.resolve(/\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []))),
  );
  return nested.flat();
}

async function readFileApplications(file: string, repoDir: string, clusters?: readonly Cluster[]): Promise<Application[]> {
  const display = relative(repoDir, file).split(sep).join('/');
  const text = await readFile(file, 'utf8');
  const out: Application[] = [];
  for (const { value, document } of parseYamlDocuments(text, display)) {
    if (!isPlainObject(value) || !String(value.apiVersion ?? '').startsWith('argoproj.io/')) continue;
    const where = { file: display, text, document };
    if (value.kind === 'Application') out.push(toApplication(value as K8sObject, where, []));
    if (value.kind === 'ApplicationSet') out.push(...(await expandApplicationSet(value as K8sObject, where, { repoDir, clusters })));
  }
  return out;
}

interface Where {
  file: string;
  text: string;
  document: Document;
}

async function expandApplicationSet(
  set: K8sObject,
  where: Where,
  world: { repoDir: string; clusters: readonly Cluster[] | undefined },
): Promise<Application[]> {
  const spec = isPlainObject(set.spec) ? set.spec : {};
  const line = lineAt(where.document, where.text, []);
  const location = line ? { file: where.file, line } : { file: where.file };
  const generated = await generatorParams(spec.generators, { ...world, set: set.metadata?.name ?? '(unnamed)', where: location });
  return generated.map((g) => {
    const rendered = renderTemplate(overrideTemplate(spec.template, g), g.params, location) as Record<string, unknown>;
    const manifest = { apiVersion: set.apiVersion, kind: 'Application', ...rendered } as K8sObject;
    const app = toApplication(manifest, where, ['spec', 'template']);
    return { ...app, generatedBy: set.metadata?.name ?? '' };
  });
}

/** `prefix` is where the Application's fields sit in the document (`spec.template` for a set). */
function toApplication(manifest: K8sObject, where: Where, prefix: string[]): Application {
  rememberObjectSecrets([manifest]);
  const metadata = isPlainObject(manifest.metadata) ? manifest.metadata : ({} as K8sObject['metadata']);
  const spec = isPlainObject(manifest.spec) ? manifest.spec : {};
  const line = lineAt(where.document, where.text, prefix);
  if (typeof metadata.name !== 'string' || metadata.name === '') {
    throw new ConfigError('Argo CD Application has no metadata.name', line ? { file: where.file, line } : { file: where.file });
  }
  const destination = isPlainObject(spec.destination) ? spec.destination : {};
  return {
    name: metadata.name,
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
    labels: isPlainObject(metadata.labels) ? (metadata.labels as Record<string, string>) : {},
    ...(typeof spec.project === 'string' ? { project: spec.project } : {}),
    source: primarySource(spec),
    sources: sourceEntries(where, prefix, spec),
    destination: destination as Application['destination'],
    syncPolicy: isPlainObject(spec.syncPolicy) ? spec.syncPolicy : null,
    file: where.file,
    ...(line ? { line } : {}),
    lines: fieldLines(where, prefix, primarySourcePrefix(spec)),
    manifest,
  };
}

function primarySource(spec: Record<string, unknown>): ApplicationSource {
  if (isPlainObject(spec.source)) return spec.source as ApplicationSource;
  const sources = (Array.isArray(spec.sources) ? spec.sources : []).filter(isPlainObject);
  return ((sources.find((s) => typeof s.path === 'string') ?? sources[0]) as ApplicationSource | undefined) ?? {};
}

/** Where `spec.source` really is in the document: `spec.source` or `spec.sources[i]`. */
function primarySourcePrefix(spec: Record<string, unknown>): Array<string | number> {
  if (isPlainObject(spec.source) || !Array.isArray(spec.sources)) return ['spec', 'source'];
  const index = spec.sources.findIndex((s) => isPlainObject(s) && typeof s.path === 'string');
  return ['spec', 'sources', Math.max(index, 0)];
}

/** `spec.source` alone, or each of `spec.sources` (Argo CD ignores `source` when `sources` is set). */
function sourceEntries(where: Where, prefix: string[], spec: Record<string, unknown>): SourceEntry[] {
  const listed = Array.isArray(spec.sources) ? spec.sources.map((s, i) => ({ s, at: ['spec', 'sources', i] })) : [{ s: spec.source, at: ['spec', 'source'] }];
  return listed
    .filter((entry): entry is { s: Record<string, unknown>; at: Array<string | number> } => isPlainObject(entry.s))
    .map(({ s, at }) => ({ source: s as ApplicationSource, path: formatKeyPath(at), lines: sourceLines(where, [...prefix, ...at], s) }));
}

/** Lines of a source, its fields, and of `helm`'s fields and list entries (three levels deep). */
function sourceLines(where: Where, at: Array<string | number>, source: Record<string, unknown>): Record<string, number> {
  const lines: Record<string, number> = {};
  const visit = (value: unknown, path: Array<string | number>, depth: number): void => {
    const line = path.length === 0 ? lineAt(where.document, where.text, at) : keyLineAt(where.document, where.text, [...at, ...path]);
    if (line) lines[path.join('.')] = line;
    if (depth === 3) return;
    const children: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : isPlainObject(value) ? Object.entries(value) : [];
    for (const [key, child] of children) visit(child, [...path, key], depth + 1);
  };
  visit(source, [], 0);
  return lines;
}

function fieldLines(where: Where, prefix: string[], sourcePrefix: Array<string | number>): Record<string, number> {
  const lines: Record<string, number> = {};
  for (const path of AUDITED_PATHS) {
    const inDocument = path[1] === 'source' ? [...sourcePrefix, ...path.slice(2)] : path;
    const line = lineAt(where.document, where.text, [...prefix, ...inDocument]);
    if (line) lines[path.join('.')] = line;
  }
  return lines;
}
