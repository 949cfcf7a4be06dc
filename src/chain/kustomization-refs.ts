/**
 * The paths a kustomization refers to, field by field. Pure: reads only the parsed
 * kustomization; the chain walker resolves and reads them.
 */

/** `dir`: a directory that holds a kustomization (or a file); `file`: a plain file. */
type RefRole = 'resource' | 'component' | 'config' | 'file';

export interface KustomizationRef {
  field: string;
  path: string;
  role: RefRole;
}

type Data = Record<string, unknown>;

export function listKustomizationRefs(data: Data): KustomizationRef[] {
  return [
    ...strings(data.resources).map((path) => ({ field: 'resources', path, role: 'resource' as const })),
    ...strings(data.bases).map((path) => ({ field: 'bases', path, role: 'resource' as const })),
    ...strings(data.components).map((path) => ({ field: 'components', path, role: 'component' as const })),
    ...configRefs(data),
    ...fileRefs(data),
  ];
}

function configRefs(data: Data): KustomizationRef[] {
  return ['generators', 'transformers', 'validators'].flatMap((field) =>
    strings(data[field])
      .filter((entry) => !isInlineYaml(entry))
      .map((path) => ({ field, path, role: 'config' as const })),
  );
}

function fileRefs(data: Data): KustomizationRef[] {
  const files = (field: string, paths: string[]): KustomizationRef[] =>
    paths.map((path) => ({ field, path, role: 'file' as const }));
  return [
    ...files('crds', strings(data.crds)),
    ...files('configurations', strings(data.configurations)),
    ...files('patches', objects(data.patches).flatMap((patch) => strings(patch.path))),
    ...files('patchesJson6902', objects(data.patchesJson6902).flatMap((patch) => strings(patch.path))),
    ...files('patchesStrategicMerge', strings(data.patchesStrategicMerge).filter((entry) => !isInlineYaml(entry))),
    ...files('replacements', objects(data.replacements).flatMap((entry) => strings(entry.path))),
    ...files('openapi', objects(data.openapi).flatMap((entry) => strings(entry.path))),
    ...files('configMapGenerator', generatorFiles(data.configMapGenerator)),
    ...files('secretGenerator', generatorFiles(data.secretGenerator)),
    ...helmRefs(data),
  ];
}

/** `files` (`key=path` or `path`), `envs` and the older `env` of generator entries. */
function generatorFiles(value: unknown): string[] {
  return objects(value).flatMap((generator) => [
    ...strings(generator.files).map(generatorFilePath),
    ...strings(generator.envs),
    ...strings(generator.env),
  ]);
}

export function generatorFilePath(entry: string): string {
  const equals = entry.indexOf('=');
  return equals < 0 ? entry : entry.slice(equals + 1);
}

function helmRefs(data: Data): KustomizationRef[] {
  const charts = objects(data.helmCharts);
  if (charts.length === 0) return [];
  const globals = objects(data.helmGlobals)[0] ?? {};
  const chartHome = strings(globals.chartHome)[0] ?? 'charts';
  const values = charts.flatMap((chart) => [...strings(chart.valuesFile), ...strings(chart.additionalValuesFiles)]);
  return [
    { field: 'helmGlobals', path: chartHome, role: 'file' },
    ...values.map((path) => ({ field: 'helmCharts', path, role: 'file' as const })),
  ];
}

/** A patch or generator config written inline rather than as a path. */
export function isInlineYaml(entry: string): boolean {
  return entry.includes('\n') || /^\s*(apiVersion|kind|metadata|-\s*op)\s*:/.test(entry);
}

/** A string, or each string of a list; anything else is ignored (Kustomize reports it). */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string');
}

/** A mapping, or each mapping of a list. */
export function objects(value: unknown): Data[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is Data => typeof item === 'object' && item !== null && !Array.isArray(item));
}
