import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isSeq } from 'yaml';
import { RenderError } from '../errors.js';
import { parseYaml } from '../yaml/parse-yaml.js';

interface ChartDependency {
  name: string;
  repository: string | null;
  /** 1-based line of its entry in the file that lists it. */
  line: number | undefined;
}

export interface ChartFile {
  name: string;
  /** Chart.yaml, or requirements.yaml for an `apiVersion: v1` chart that lists its dependencies there. */
  dependenciesFile: string;
  dependencies: ChartDependency[];
}

/** Reads a chart's name and the dependencies it declares; a missing or invalid Chart.yaml is a RenderError. */
export async function readChartFile(chartDir: string): Promise<ChartFile> {
  const chartYaml = join(chartDir, 'Chart.yaml');
  const chart = await readYamlMap(chartYaml, chartDir, `${chartDir} holds no Chart.yaml: it is not a Helm chart`);
  const name = chart.value.name;
  if (typeof name !== 'string' || name === '') throw new RenderError('Chart.yaml has no name', { overlay: chartDir, file: chartYaml });
  if (chart.value.apiVersion === 'v1' && chart.value.dependencies === undefined) {
    const requirements = join(chartDir, 'requirements.yaml');
    const listed = await readYamlMap(requirements, chartDir, null).catch((error: unknown) => ignoreMissing(error));
    if (listed) return { name, dependenciesFile: requirements, dependencies: dependenciesOf(listed) };
  }
  return { name, dependenciesFile: chartYaml, dependencies: dependenciesOf(chart) };
}

/**
 * Fails before helm runs when a declared dependency is not vendored under `charts/`: parity
 * renders offline, so fetching it stays the user's step (`helm dependency build`). A
 * directory counts by the name in its Chart.yaml, an archive by helm's `<name>-<version>.tgz`;
 * an archive named otherwise leaves the verdict to helm itself.
 */
export async function checkVendoredDependencies(chartDir: string, chart: ChartFile): Promise<void> {
  if (chart.dependencies.length === 0) return;
  const vendored = await listVendored(join(chartDir, 'charts'));
  const missing = chart.dependencies.filter((dependency) => !isVendored(dependency.name, vendored));
  if (missing.length === 0 || vendored.unnamedArchives > 0) return;
  const first = missing[0]!;
  const names = missing.map((dependency) => describeDependency(dependency)).join(', ');
  const what = missing.length === 1 ? `chart dependency ${names} is` : `chart dependencies ${names} are`;
  throw new RenderError(
    `${what} not vendored under charts/; run \`helm dependency build ${chartDir}\` and commit charts/ (parity renders offline)`,
    { overlay: chartDir, file: chart.dependenciesFile, ...(first.line ? { line: first.line } : {}) },
  );
}

interface Vendored {
  directories: Set<string>;
  archives: string[];
  unnamedArchives: number;
}

async function listVendored(dir: string): Promise<Vendored> {
  const vendored: Vendored = { directories: new Set(), archives: [], unnamedArchives: 0 };
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isDirectory()) {
      const name = await chartNameIn(join(dir, entry.name));
      if (name) vendored.directories.add(name);
    } else if (/\.(?:tgz|tar\.gz)$/.test(entry.name)) {
      if (/-v?\d+\.\d+/.test(entry.name)) vendored.archives.push(entry.name);
      else vendored.unnamedArchives += 1;
    }
  }
  return vendored;
}

function isVendored(name: string, vendored: Vendored): boolean {
  if (vendored.directories.has(name)) return true;
  return vendored.archives.some((file) => file.startsWith(`${name}-`) && /^v?\d/.test(file.slice(name.length + 1)));
}

async function chartNameIn(dir: string): Promise<string | null> {
  const text = await readFile(join(dir, 'Chart.yaml'), 'utf8').catch(() => null);
  const name = text === null ? null : /^name:\s*["']?([^"'\s#]+)/m.exec(text)?.[1];
  return name ?? null;
}

function describeDependency(dependency: ChartDependency): string {
  return dependency.repository ? `${dependency.name} (${dependency.repository})` : dependency.name;
}

interface YamlMap {
  value: Record<string, unknown>;
  lineOf: (offset: number) => number;
  node: unknown;
}

async function readYamlMap(file: string, chartDir: string, missingMessage: string | null): Promise<YamlMap> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && missingMessage) throw new RenderError(missingMessage, { overlay: chartDir });
    throw new RenderError(`cannot read file: ${code ?? String(error)}`, { overlay: chartDir, file });
  }
  const toError = (message: string, location: { file: string; line?: number }): RenderError => new RenderError(message, { overlay: chartDir, ...location });
  const parsed = parseYaml(text, file, toError);
  if (!parsed || !isRecord(parsed.value)) throw new RenderError('expected a YAML mapping', { overlay: chartDir, file });
  return { value: parsed.value, lineOf: (offset) => text.slice(0, offset).split('\n').length, node: parsed.document.contents };
}

function ignoreMissing(error: unknown): null {
  if (error instanceof RenderError && /cannot read file: ENOENT/.test(error.message)) return null;
  throw error;
}

function dependenciesOf(file: YamlMap): ChartDependency[] {
  const list = file.value.dependencies;
  if (!Array.isArray(list)) return [];
  const items = isMap(file.node) ? file.node.get('dependencies', true) : undefined;
  return list.flatMap((item: unknown, index) => {
    if (!isRecord(item) || typeof item.name !== 'string' || item.name === '') return [];
    const node = isSeq(items) ? items.items[index] : undefined;
    const offset = isMap(node) && node.range ? node.range[0] : undefined;
    const repository = typeof item.repository === 'string' && item.repository !== '' ? item.repository : null;
    return [{ name: item.name, repository, line: offset === undefined ? undefined : file.lineOf(offset) }];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
