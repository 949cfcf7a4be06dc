/**
 * The `helm:` block of an Argo CD Application source, read into what `helm template` gets:
 * inline values and parameters, and which fields parity refuses because it would render
 * something else than Argo CD does.
 */
import { parse } from 'yaml';
import { ConfigError } from '../errors.js';
import { isPlainObject } from '../util/is-plain-object.js';
import type { HelmParameter } from '../types.js';
import type { SourceEntry } from './application.js';

/** Fields parity maps onto `helm template` (or that do not change what it renders). */
const SUPPORTED = new Set(['valueFiles', 'values', 'valuesObject', 'parameters', 'releaseName', 'namespace', 'ignoreMissingValueFiles', 'passCredentials', 'version']);

/** Fields that change the render and that parity does not reproduce: refused when set (for flags: when true). */
const REFUSED: Record<string, string> = {
  fileParameters: 'sets values from files (--set-file), which parity does not pass to helm',
  skipCrds: 'leaves CRDs out (--skip-crds), which parity does not',
  skipSchemaValidation: 'skips the values schema (--skip-schema-validation), which parity does not',
  skipTests: 'leaves test hooks out (--skip-tests), which parity does not',
  kubeVersion: "renders for another Kubernetes version (--kube-version) than parity's",
  apiVersions: 'renders against other API versions (--api-versions) than parity does',
};

/** Names a field of a source for messages (`spec.sources[0].helm.valueFiles[1]`) and its line. */
export interface FieldLocator {
  file: string;
  /** `helm.valueFiles.1` → `{ line, name }`. */
  at(field: string): { line?: number; name: string };
}

export function locator(file: string, entry: SourceEntry, fallbackLine: number | undefined): FieldLocator {
  return {
    file,
    at(field) {
      const parts = field.split('.');
      const name = `${entry.path}${parts.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('')}`;
      for (let n = parts.length; n >= 0; n -= 1) {
        const line = entry.lines[parts.slice(0, n).join('.')];
        if (line) return { line, name };
      }
      return fallbackLine ? { line: fallbackLine, name } : { name };
    },
  };
}

export function fieldError(where: FieldLocator, field: string, problem: string): ConfigError {
  const { line, name } = where.at(field);
  return new ConfigError(`${name} ${problem}`, line ? { file: where.file, line } : { file: where.file });
}

/** Every field of `helm` is one parity renders as Argo CD does; anything else fails closed. */
export function checkHelmFields(helm: Record<string, unknown>, where: FieldLocator): void {
  for (const [key, value] of Object.entries(helm)) {
    if (SUPPORTED.has(key)) continue;
    const reason = REFUSED[key];
    if (reason === undefined) throw fieldError(where, `helm.${key}`, 'is a Helm field parity does not know; it cannot tell how Argo CD renders it');
    if (value === false || value === null || (Array.isArray(value) && value.length === 0) || value === '') continue;
    throw fieldError(where, `helm.${key}`, `${reason}: parity would render differently from Argo CD`);
  }
  if (helm.version !== undefined && helm.version !== 'v3') throw fieldError(where, 'helm.version', "must be v3 (the only Helm version parity renders with)");
}

/** Inline values: `valuesObject`, or `values` (a YAML string). Setting both is ambiguous and refused. */
export function inlineValues(helm: Record<string, unknown>, where: FieldLocator): { values?: Record<string, unknown> } {
  const { values, valuesObject } = helm;
  if (values !== undefined && valuesObject !== undefined) throw fieldError(where, 'helm.valuesObject', 'and helm.values are both set; keep one');
  const map = valuesObject !== undefined ? objectValues(valuesObject, where) : yamlValues(values, where);
  return map && Object.keys(map).length > 0 ? { values: map } : {};
}

function objectValues(valuesObject: unknown, where: FieldLocator): Record<string, unknown> {
  if (!isPlainObject(valuesObject)) throw fieldError(where, 'helm.valuesObject', 'must be a map of values');
  return valuesObject;
}

function yamlValues(values: unknown, where: FieldLocator): Record<string, unknown> | null {
  if (values === undefined || values === null || values === '') return null;
  if (typeof values !== 'string') throw fieldError(where, 'helm.values', 'must be a YAML string (use valuesObject for a map)');
  let parsed: unknown;
  try {
    parsed = parse(values, { prettyErrors: false });
  } catch {
    // The message may quote the text, and values may hold secrets: say only that it is invalid.
    throw fieldError(where, 'helm.values', 'is not valid YAML');
  }
  if (parsed === null || parsed === undefined) return null;
  if (!isPlainObject(parsed)) throw fieldError(where, 'helm.values', 'must hold a YAML map of values');
  return parsed;
}

/** `helm.parameters`: `--set name=value`, `--set-string` with `forceString`. */
export function parametersOf(helm: Record<string, unknown>, where: FieldLocator): { parameters?: HelmParameter[] } {
  if (helm.parameters === undefined || helm.parameters === null) return {};
  if (!Array.isArray(helm.parameters)) throw fieldError(where, 'helm.parameters', 'must be a list of {name, value}');
  const parameters = helm.parameters.map((entry: unknown, index) => parameterOf(entry, `helm.parameters.${index}`, where));
  return parameters.length > 0 ? { parameters } : {};
}

function parameterOf(entry: unknown, field: string, where: FieldLocator): HelmParameter {
  if (!isPlainObject(entry) || typeof entry.name !== 'string' || entry.name === '') throw fieldError(where, field, 'must have a name');
  const value = entry.value ?? '';
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw fieldError(where, `${field}.value`, 'must be a string');
  if (entry.forceString !== undefined && typeof entry.forceString !== 'boolean') throw fieldError(where, `${field}.forceString`, 'must be true or false');
  return { name: entry.name, value: String(value), ...(entry.forceString === true ? { forceString: true } : {}) };
}
