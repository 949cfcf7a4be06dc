import type { K8sObject } from '../types.js';
import { parseAnnotationYaml } from './annotation-yaml.js';

/**
 * Kustomize's build metadata: asked for by the wrapping kustomization parity renders through
 * (`buildMetadata:` is honoured only at the root), then taken off every object again.
 * Kustomize writes keys sorted and drops an empty `annotations`, so removing the two keys (and
 * the map they leave empty) restores the object exactly as a render without it prints it.
 */
export const BUILD_METADATA = 'buildMetadata:\n- originAnnotations\n- transformerAnnotations\n';
export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';

/** What Kustomize says about one object. Paths are relative to the root kustomization's directory. */
export interface RawBuildMetadata {
  /** `path:` of a file origin (a remote origin also has `repo:`). */
  path?: string;
  repo?: string;
  /** A generated object: the kustomization that configured the generator, and its kind. */
  configuredIn?: string;
  configuredBy?: string;
  /** Transformers that ran over the object, in the order Kustomize applied them. */
  transformations: RawTransformation[];
}

export interface RawTransformation {
  configuredIn: string;
  kind: string;
  /** `metadata.name` of a transformer configured in its own file (`transformers:`). */
  name?: string;
}

/**
 * Removes both annotations from every object (always, so no object keeps them) and returns
 * what they said, one entry per object. Null when any object lacks a readable origin.
 */
export function takeBuildMetadata(resources: K8sObject[]): RawBuildMetadata[] | null {
  const parse = memoized(parseText);
  const taken = resources.map((object) => takeOne(object, parse));
  return taken.every((entry): entry is RawBuildMetadata => entry !== null) ? taken : null;
}

type Parse = (text: string | undefined) => unknown;

/** Objects of one file or one chain carry the same annotation texts: each is parsed once (parsed values are only read). */
function memoized(parse: Parse): Parse {
  const seen = new Map<string, unknown>();
  return (text) => {
    if (text === undefined) return undefined;
    if (!seen.has(text)) seen.set(text, parse(text));
    return seen.get(text);
  };
}

function takeOne(object: K8sObject, parse: Parse): RawBuildMetadata | null {
  const annotations = object.metadata.annotations;
  if (!annotations) return null;
  const origin = annotations[ORIGIN_ANNOTATION];
  const transformations = annotations[TRANSFORMATIONS_ANNOTATION];
  delete annotations[ORIGIN_ANNOTATION];
  delete annotations[TRANSFORMATIONS_ANNOTATION];
  if (Object.keys(annotations).length === 0) delete object.metadata.annotations;
  const parsedOrigin = readOrigin(parse(origin));
  if (!parsedOrigin) return null;
  const steps = readTransformations(transformations, parse);
  return steps ? { ...parsedOrigin, transformations: steps } : null;
}

function readOrigin(value: unknown): Omit<RawBuildMetadata, 'transformations'> | null {
  if (!isRecord(value)) return null;
  if (typeof value.path === 'string') {
    return { path: value.path, ...(typeof value.repo === 'string' ? { repo: value.repo } : {}) };
  }
  const by = isRecord(value.configuredBy) ? value.configuredBy.kind : undefined;
  if (typeof value.configuredIn !== 'string' || typeof by !== 'string') return null;
  return { configuredIn: value.configuredIn, configuredBy: by };
}

/** Absent annotation: no transformer touched the object. Null when it is not the list Kustomize writes. */
function readTransformations(text: string | undefined, parse: Parse): RawTransformation[] | null {
  if (text === undefined) return [];
  const value = parse(text);
  if (!Array.isArray(value)) return null;
  const steps = value.map(readStep);
  return steps.every((step): step is RawTransformation => step !== null) ? steps : null;
}

function readStep(value: unknown): RawTransformation | null {
  if (!isRecord(value) || typeof value.configuredIn !== 'string' || !isRecord(value.configuredBy)) return null;
  const { kind, name } = value.configuredBy;
  if (typeof kind !== 'string') return null;
  return { configuredIn: value.configuredIn, kind, ...(typeof name === 'string' ? { name } : {}) };
}

function parseText(text: string | undefined): unknown {
  return typeof text === 'string' ? parseAnnotationYaml(text) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
