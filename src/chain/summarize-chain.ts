import { isMap, isSeq, type Node } from 'yaml';
import type { ImageOverride } from '../types.js';
import { lineAt } from './kustomization-file.js';
import { objects } from './kustomization-refs.js';
import type { ChainNode } from './walk-chain.js';

/**
 * The namespace and images a chain applies, in the order Kustomize applies them: a
 * kustomization's resources first, then its components (in order), then its own transformers.
 * (Names are not predicted here: each object's affixes come from Kustomize's build metadata.)
 */
/** The namespace of the outermost kustomization that sets one (a component beats the resources it includes). */
export function chainNamespace(node: ChainNode): string | undefined {
  const mine = own(node, 'namespace');
  if (mine !== '') return mine;
  for (const child of [...componentsOf(node).reverse(), ...resourcesOf(node)]) {
    const found = chainNamespace(child);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Image overrides, the winning (outermost) first, each with the file and line that sets it. */
export function chainImages(node: ChainNode): ImageOverride[] {
  const inner = [...componentsOf(node).reverse(), ...resourcesOf(node)].flatMap(chainImages);
  return [...ownImages(node), ...inner];
}

function ownImages(node: ChainNode): ImageOverride[] {
  const { data, document, text } = node.kustomization;
  const items = document?.get('images', true);
  const itemNodes = isSeq(items) ? items.items : [];
  return objects(data.images).flatMap((entry, index) => {
    if (typeof entry.name !== 'string') return [];
    const line = lineOfNode(itemNodes[index], text);
    return [{ name: entry.name, ...imageFields(entry), file: node.file, ...(line ? { line } : {}) }];
  });
}

function imageFields(entry: Record<string, unknown>): Partial<ImageOverride> {
  const fields: Partial<ImageOverride> = {};
  if (typeof entry.newName === 'string') fields.newName = entry.newName;
  if (entry.newTag !== undefined && entry.newTag !== null) fields.newTag = String(entry.newTag);
  if (typeof entry.digest === 'string') fields.digest = entry.digest;
  return fields;
}

function lineOfNode(item: unknown, text: string): number | undefined {
  if (!isMap(item) && !isSeq(item)) return undefined;
  const range = (item as Node).range;
  return range ? lineAt(text, range[0]) : undefined;
}

function own(node: ChainNode, key: string): string {
  const value = node.kustomization.data[key];
  return typeof value === 'string' ? value : '';
}

function resourcesOf(node: ChainNode): ChainNode[] {
  return node.children.filter((child) => child.role === 'resource');
}

function componentsOf(node: ChainNode): ChainNode[] {
  return node.children.filter((child) => child.role === 'component');
}
