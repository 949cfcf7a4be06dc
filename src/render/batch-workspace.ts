import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { onInterrupt } from '../cleanup.js';
import { ParityError } from '../errors.js';
import type { K8sObject } from '../types.js';
import { BUILD_METADATA } from './build-metadata.js';

/** The annotation each batch member's wrapper adds to its resources, removed again after the split. */
const SLOT_ANNOTATION = 'internal.parity.dev/batch-slot';

export interface BatchWorkspace {
  dir: string;
  remove(): Promise<void>;
}

/**
 * A temporary kustomization that includes every overlay through a wrapper of its own. The
 * wrapper only adds the slot annotation to `metadata.annotations` (never to pod templates or
 * selectors), so each rendered resource can be traced back to its overlay. Unless told not to,
 * the root asks for Kustomize's build metadata (see build-metadata.ts): paths in it are
 * relative to `dir`.
 */
export async function createBatchWorkspace(overlayDirs: string[], { buildMetadata = true } = {}): Promise<BatchWorkspace> {
  const dir = await makeWorkspaceDir();
  // Removed on every way out: the caller's remove(), or an interrupt (SIGINT/SIGTERM) before it.
  const unregister = onInterrupt(() => rmSync(dir, { recursive: true, force: true }));
  const remove = async (): Promise<void> => {
    unregister();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const wrappers = overlayDirs.map((_, slot) => `o${slot}`);
    await Promise.all(overlayDirs.map((overlayDir, slot) => writeWrapper(join(dir, wrappers[slot]!), overlayDir, slot)));
    await writeFile(join(dir, 'kustomization.yaml'), `${kustomization(wrappers)}${buildMetadata ? BUILD_METADATA : ''}`);
  } catch (error) {
    await remove();
    throw asWorkspaceError(error, dir);
  }
  return { dir, remove };
}

/** A file system error (no room, no permission) writing the workspace is a known error; anything else is a bug. */
function asWorkspaceError(error: unknown, dir: string): unknown {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') return error;
  return new ParityError(`cannot write the render workspace: ${error.code}`, { file: dir });
}

/** A private directory under the temporary directory; one clear error when there is none to be had. */
async function makeWorkspaceDir(): Promise<string> {
  try {
    return await realpath(await mkdtemp(join(tmpdir(), 'parity-batch-')));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ParityError(`cannot create a temporary directory to render in: ${reason}`, { file: tmpdir() });
  }
}

async function writeWrapper(wrapperDir: string, overlayDir: string, slot: number): Promise<void> {
  await mkdir(wrapperDir);
  const target = relative(wrapperDir, overlayDir).split(sep).join('/');
  await writeFile(join(wrapperDir, 'kustomization.yaml'), `${kustomization([target])}transformers:\n- slot.yaml\n`);
  await writeFile(join(wrapperDir, 'slot.yaml'), slotTransformer(slot));
}

function kustomization(resources: string[]): string {
  const list = resources.map((resource) => `- ${JSON.stringify(resource)}\n`).join('');
  return `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${list}`;
}

function slotTransformer(slot: number): string {
  return [
    'apiVersion: builtin',
    'kind: AnnotationsTransformer',
    'metadata:',
    '  name: parity-batch-slot',
    'annotations:',
    `  ${SLOT_ANNOTATION}: "${slot}"`,
    'fieldSpecs:',
    '- path: metadata/annotations',
    '  create: true',
    '',
  ].join('\n');
}

/**
 * Splits a batch's resources by slot and removes the slot annotation. Kustomize writes keys
 * sorted and drops an empty `annotations`, so removing the key (and the map it leaves empty)
 * restores the object exactly as the overlay renders alone. Null when a resource has no slot.
 */
export function splitBySlot(resources: K8sObject[], slots: number): K8sObject[][] | null {
  const split: K8sObject[][] = Array.from({ length: slots }, () => []);
  for (const resource of resources) {
    const annotations = resource.metadata.annotations;
    const slot = Number(annotations?.[SLOT_ANNOTATION]);
    if (!annotations || !Number.isInteger(slot) || slot < 0 || slot >= slots) return null;
    delete annotations[SLOT_ANNOTATION];
    if (Object.keys(annotations).length === 0) delete resource.metadata.annotations;
    split[slot]!.push(resource);
  }
  return split;
}
