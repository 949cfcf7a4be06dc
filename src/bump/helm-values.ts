import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { isMap, isScalar, type Document, type Node } from 'yaml';
import { refuse, refuseInvalidYaml } from './refuse.js';
import type { SettingSource } from '../reason-args.js';
import type { HelmParameter, HelmSource } from '../types.js';
import { parseYaml } from '../yaml/parse-yaml.js';
import { findPair, type AnyPair } from './yaml-splice.js';

/**
 * One input of a Helm environment's values, in the order helm merges them: the chart's
 * values.yaml, each values file, the inline values, the `--set` parameters (the last that sets a
 * key wins).
 */
export type ValuesLayer =
  | { kind: 'file'; file: string; text: string; document: Document.Parsed | null; chart: boolean }
  | { kind: 'inline'; values: Record<string, unknown>; declaredIn: HelmSource['declaredIn'] }
  | { kind: 'parameters'; parameters: HelmParameter[]; declaredIn: HelmSource['declaredIn'] };

/** How one layer sets a key: its value (or a parent it replaces), and where. */
export interface Setting {
  layer: ValuesLayer;
  /** The key's value; undefined when the layer replaces a parent map instead (`image: null`, `--set image=…`). */
  value: unknown;
  /** Set when the layer replaces a parent of the key rather than the key itself. */
  parent?: string;
  line?: number;
}

/** A values key path (`services.payments-service.tag`): dots separate, `\.` is a literal dot (as in `--set`). */
export function splitKey(key: string): string[] {
  return key.split(/(?<!\\)\./).map((part) => part.replace(/\\\./g, '.'));
}

/** The sibling digest key of a tag key: `image.tag` → `image.digest`. */
export function digestKeyOf(key: string): string {
  const path = splitKey(key);
  return [...path.slice(0, -1), 'digest'].map((part) => part.replace(/\./g, '\\.')).join('.');
}

/** Every values input of `source`, in helm's order; an unreadable or invalid values file is a PromoteError naming it. */
export async function readValuesLayers(source: HelmSource, repoDir: string): Promise<ValuesLayer[]> {
  const layers: ValuesLayer[] = [];
  if (!source.remote) {
    const chartValues = `${source.chartRelDir}/values.yaml`;
    const text = await readFile(absolute(chartValues, repoDir), 'utf8').catch(() => null);
    if (text !== null) layers.push(fileLayer(chartValues, text, true));
  }
  for (const file of source.valuesFiles) {
    const text = await readFile(absolute(file, repoDir), 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw refuse({ code: 'PROMOTE_VALUES_UNREADABLE', args: { error: error.code ?? String(error) } }, { file });
    });
    layers.push(fileLayer(file, text, false));
  }
  if (source.values) layers.push({ kind: 'inline', values: source.values, declaredIn: source.declaredIn });
  if (source.parameters?.length) layers.push({ kind: 'parameters', parameters: source.parameters, declaredIn: source.declaredIn });
  return layers;
}

export function fileLayer(file: string, text: string, chart: boolean): ValuesLayer {
  const document = parseYaml(text, file, refuseInvalidYaml)?.document ?? null;
  return { kind: 'file', file, text, document, chart };
}

function absolute(file: string, repoDir: string): string {
  return isAbsolute(file) ? file : join(repoDir, file);
}

/** The last layer that sets `key` (or replaces one of its parents), or null when none does. */
export function winningSetting(layers: readonly ValuesLayer[], key: string): Setting | null {
  for (let index = layers.length - 1; index >= 0; index -= 1) {
    const setting = settingIn(layers[index]!, key);
    if (setting) return setting;
  }
  return null;
}

/** How `layer` sets `key`, or null when it does not touch it. */
export function settingIn(layer: ValuesLayer, key: string): Setting | null {
  const path = splitKey(key);
  if (layer.kind === 'file') return fileSetting(layer, path);
  if (layer.kind === 'inline') return objectSetting(layer, layer.values, path);
  return parameterSetting(layer, path);
}

function fileSetting(layer: Extract<ValuesLayer, { kind: 'file' }>, path: string[]): Setting | null {
  let node: unknown = layer.document?.contents ?? null;
  for (const [index, part] of path.entries()) {
    const pair: AnyPair | undefined = isMap(node) ? findPair(node, part) : undefined;
    if (!pair) return null;
    const line = lineOf(layer.text, (pair.key as Node).range?.[0] ?? 0);
    const value = pair.value as Node | null;
    if (index === path.length - 1) return { layer, value: jsValue(value), line };
    if (!isMap(value)) return { layer, value: undefined, parent: path.slice(0, index + 1).join('.'), line };
    node = value;
  }
  return null;
}

function jsValue(node: Node | null): unknown {
  if (isScalar(node)) return node.value;
  return node ? (node.toJSON() as unknown) : null;
}

function objectSetting(layer: ValuesLayer, values: Record<string, unknown>, path: string[]): Setting | null {
  let node: unknown = values;
  for (const [index, part] of path.entries()) {
    if (!isObject(node) || !(part in node)) return null;
    const value = node[part];
    if (index === path.length - 1) return { layer, value };
    if (!isObject(value)) return { layer, value: undefined, parent: path.slice(0, index + 1).join('.') };
    node = value;
  }
  return null;
}

/** The last `--set` whose name is the key or one of its parents. */
function parameterSetting(layer: Extract<ValuesLayer, { kind: 'parameters' }>, path: string[]): Setting | null {
  const key = path.join('\u0000');
  for (const parameter of [...layer.parameters].reverse()) {
    const name = splitKey(parameter.name).join('\u0000');
    if (name === key) return { layer, value: parameter.value };
    if (key.startsWith(`${name}\u0000`)) return { layer, value: undefined, parent: parameter.name };
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line += 1;
  return line;
}

/** Where a setting is: a values file's line, or inline values or a parameter and where they are declared. */
export function settingSource(setting: Setting, key: string): SettingSource {
  const { layer } = setting;
  if (layer.kind === 'file') return { kind: 'file', file: layer.file, line: setting.line ?? null };
  const declared = { file: layer.declaredIn.file, line: layer.declaredIn.line ?? null };
  if (layer.kind === 'inline') return { kind: 'inline', ...declared };
  return { kind: 'parameter', name: setting.parent ?? key, ...declared };
}

/** The file and line a setting names in a result (inline values and parameters: where they are declared). */
export function settingLocation(setting: Setting): { file: string; line: number | null } {
  const { layer } = setting;
  if (layer.kind === 'file') return { file: layer.file, line: setting.line ?? null };
  return { file: layer.declaredIn.file, line: layer.declaredIn.line ?? null };
}

/** The setting's value as an image tag or digest: a string or number; '' and null set nothing. */
export function referenceValue(setting: Setting | null): string | undefined {
  const value = setting?.value;
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
