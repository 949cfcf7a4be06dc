/**
 * Origins without Kustomize's build metadata. Asking Kustomize for `buildMetadata` costs a
 * quarter to a half more Kustomize CPU, and most overlays do not need it: when nothing in the
 * chain renames objects (no `namePrefix`/`nameSuffix`, no transformer or generator plugins, no
 * remote base), every object keeps the name its source wrote, and the chain walk already knows
 * which file or generator declares each name and which kustomizations' transformers ran over
 * it. Such an overlay renders plainly and its origins are derived here, equal to what the
 * annotations would say (a test holds both side by side over every fixture). Derivation is
 * checked, never guessed: an object whose kind and name are not declared exactly once in the
 * chain yields null, and the overlay is rendered again with build metadata.
 */
import { resolve } from 'node:path';
import type { K8sObject, ResourceOrigin } from '../types.js';
import { hasHashSuffix, stripHashSuffix } from './generator-hash.js';
import { listKustomizationRefs, objects, strings } from '../chain/kustomization-refs.js';
import { resourcesOfFile, type PredictContext } from './predict-ids.js';
import { displayPath, type ChainNode, type ChainWalk } from '../chain/walk-chain.js';

/** Fields after which a rendered name may differ from the one its source wrote, or whose objects come from elsewhere. */
const RENAMING_FIELDS = ['namePrefix', 'nameSuffix', 'transformers', 'generators', 'helmCharts'];

/** Fields that configure a built-in transformer: each such kustomization is listed in the transformations annotation. */
const TRANSFORMER_FIELDS = [
  'namespace', 'commonLabels', 'labels', 'commonAnnotations', 'images', 'replicas', 'replacements',
  'patches', 'patchesStrategicMerge', 'patchesJson6902',
];
const PATCH_FIELDS = ['patches', 'patchesStrategicMerge', 'patchesJson6902'];

const GENERATORS = [
  { field: 'configMapGenerator', kind: 'ConfigMap', generator: 'ConfigMapGenerator' },
  { field: 'secretGenerator', kind: 'Secret', generator: 'SecretGenerator' },
] as const;

/** Whether only Kustomize's build metadata can tell this overlay's objects apart from their sources. */
export function needsBuildMetadata(walk: ChainWalk): boolean {
  if (walk.remotes.length > 0) return true;
  return walk.nodes.some((node) => RENAMING_FIELDS.some((field) => isSet(node.kustomization.data[field])));
}

/** One way an object of the chain is declared: in a resource file, or by a generator entry. */
interface Declaration {
  kind: string;
  name: string;
  node: ChainNode;
  file?: string;
  generator?: string;
}

/**
 * Each object's origin, in order, or null when any object is not declared exactly once under
 * its rendered name (then only build metadata can say where it came from).
 */
export async function deriveOrigins(resources: K8sObject[], walk: ChainWalk, repoDir: string, ctx: PredictContext): Promise<ResourceOrigin[] | null> {
  if (!walk.root || needsBuildMetadata(walk)) return null;
  const declarations = await declarationsOf(walk, ctx);
  const over = transformedBy(walk.root);
  const origins: ResourceOrigin[] = [];
  for (const object of resources) {
    const found = declarations.filter((declaration) => declares(declaration, object));
    if (found.length !== 1) return null;
    origins.push(originOf(found[0]!, over, repoDir));
  }
  return origins;
}

function declares(declaration: Declaration, object: K8sObject): boolean {
  if (declaration.kind !== object.kind) return false;
  const name = object.metadata.name;
  if (declaration.generator === undefined) return name === declaration.name;
  return name === declaration.name || (hasHashSuffix(name) && stripHashSuffix(name) === declaration.name);
}

function originOf(declaration: Declaration, over: Map<ChainNode, ChainNode[]>, repoDir: string): ResourceOrigin {
  const shaping = over.get(declaration.node) ?? [];
  const show = (file: string): string => displayPath(file, repoDir);
  return {
    sourceName: declaration.name,
    affixes: [],
    ...(declaration.file !== undefined ? { file: show(declaration.file) } : {}),
    ...(declaration.generator !== undefined ? { generator: { kind: declaration.generator, file: declaration.node.file } } : {}),
    transformedIn: shaping.filter((node) => hasAny(node, TRANSFORMER_FIELDS)).map((node) => node.file),
    patchedIn: shaping.filter((node) => hasAny(node, PATCH_FIELDS)).map((node) => node.file),
  };
}

/**
 * Every declaration of the chain: the documents of each resource file a kustomization lists,
 * and each generator entry that creates an object (one with `behavior: merge` or `replace`
 * changes the object its base created, which stays the origin).
 */
async function declarationsOf(walk: ChainWalk, ctx: PredictContext): Promise<Declaration[]> {
  const perNode = await Promise.all(
    walk.nodes.map(async (node) => {
      const childDirs = new Set(node.children.map((child) => child.dir));
      const files = listKustomizationRefs(node.kustomization.data)
        .filter((ref) => ref.field === 'resources' || ref.field === 'bases')
        .map((ref) => resolve(node.dir, ref.path))
        .filter((path) => !childDirs.has(path));
      const read = await Promise.all(files.map(async (file) => (await resourcesOfFile(file, ctx)).map(([kind, , name]) => ({ kind, name, node, file }))));
      return [...read.flat(), ...generatedBy(node)];
    }),
  );
  return perNode.flat();
}

function generatedBy(node: ChainNode): Declaration[] {
  return GENERATORS.flatMap(({ field, kind, generator }) =>
    objects(node.kustomization.data[field]).flatMap((entry) => {
      const name = strings(entry.name)[0];
      const behavior = strings(entry.behavior)[0] ?? 'create';
      return name !== undefined && behavior === 'create' ? [{ kind, name, node, generator }] : [];
    }),
  );
}

/**
 * For each kustomization of the chain, the kustomizations whose transformers run over the
 * objects it declares, the last applied first: from the overlay down to the declaring one,
 * each followed by its components that run after the step taken (Kustomize applies a
 * kustomization's components after its resources and before its own transformers).
 */
function transformedBy(root: ChainNode): Map<ChainNode, ChainNode[]> {
  const over = new Map<ChainNode, ChainNode[]>();
  const visit = (node: ChainNode, above: ChainNode[]): void => {
    if (over.has(node)) return;
    const components = node.children.filter((child) => child.role === 'component');
    const own = [...above, node];
    over.set(node, [...own, ...[...components].reverse()]);
    for (const child of node.children) {
      if (child.role === 'resource') visit(child, [...own, ...[...components].reverse()]);
      if (child.role === 'component') visit(child, [...own, ...components.slice(components.indexOf(child) + 1).reverse()]);
    }
  };
  visit(root, []);
  return over;
}

function hasAny(node: ChainNode, fields: readonly string[]): boolean {
  return fields.some((field) => isSet(node.kustomization.data[field]));
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
